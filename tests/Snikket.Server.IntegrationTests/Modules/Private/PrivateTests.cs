using Microsoft.Extensions.DependencyInjection;
using Snikket.Configuration;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Server.Modules.Private;

#pragma warning disable CA1716 // Mirrors the module folder (XEP-0049's own noun); no Visual Basic caller will ever import a test namespace.
namespace Snikket.Server.IntegrationTests.Modules.Private;
#pragma warning restore CA1716

/// <summary>XEP-0049 private XML storage: what an account keeps, and the requests that must change nothing.</summary>
public abstract class PrivateTests(DatabaseKind database) : ServerTest(database)
{
    private const string Ns = "jabber:iq:private";

    private TestClient _alice = null!;
    private TestClient _bob = null!;

    private PrivateStore Store => Server.Services.GetRequiredService<PrivateStore>();

    private protected override async Task SetUpAsync()
    {
        _alice = await LoginAsync("alice", "alice password", "phone");
        _bob = await LoginAsync("bob", "bob password", "laptop");
    }

    [Fact]
    public async Task A_stored_fragment_comes_back()
    {
        var set = await _alice.QueryAsync(
            "<iq type='set' id='p1'><query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'><conference jid='room@muc.example' autojoin='true'><nick>al</nick></conference></storage></query></iq>", "p1");

        var reply = await _alice.QueryAsync("<iq type='get' id='p2'><query xmlns='jabber:iq:private'><storage xmlns='storage:bookmarks'/></query></iq>", "p2");

        Assert.Equal("result", set.GetAttribute("type"));
        var conference = reply.Child("query", Ns)!.Child("storage", "storage:bookmarks")!.Child("conference", "storage:bookmarks")!;
        Assert.Equal(("room@muc.example", "al"), (conference.GetAttribute("jid"), conference.Child("nick", "storage:bookmarks")!.Text));
    }

    [Fact]
    public async Task Nothing_stored_gives_back_the_empty_element()
    {
        var reply = await _alice.QueryAsync("<iq type='get' id='p3'><query xmlns='jabber:iq:private'><prefs xmlns='urn:example:prefs'/></query></iq>", "p3");

        Assert.Equal("result", reply.GetAttribute("type"));
        var prefs = reply.Child("query", Ns)!.Child("prefs", "urn:example:prefs")!;
        Assert.Empty(prefs.Nodes);
    }

    [Fact]
    public async Task Elements_with_the_same_namespace_but_other_names_are_kept_apart()
    {
        await _alice.QueryAsync("<iq type='set' id='p4'><query xmlns='jabber:iq:private'><a xmlns='urn:example'>one</a></query></iq>", "p4");
        await _alice.QueryAsync("<iq type='set' id='p5'><query xmlns='jabber:iq:private'><b xmlns='urn:example'>two</b></query></iq>", "p5");

        var a = await _alice.QueryAsync("<iq type='get' id='p6'><query xmlns='jabber:iq:private'><a xmlns='urn:example'/></query></iq>", "p6");

        Assert.Equal("one", a.Child("query", Ns)!.Child("a", "urn:example")!.Text);
        Assert.Equal(2, await Store.CountAsync("alice", CancellationToken.None));
    }

    [Fact]
    public async Task A_second_set_replaces_the_fragment()
    {
        await _alice.QueryAsync("<iq type='set' id='p7'><query xmlns='jabber:iq:private'><a xmlns='urn:example'>old</a></query></iq>", "p7");
        await _alice.QueryAsync("<iq type='set' id='p8'><query xmlns='jabber:iq:private'><a xmlns='urn:example'>new</a></query></iq>", "p8");

        var a = await _alice.QueryAsync("<iq type='get' id='p9'><query xmlns='jabber:iq:private'><a xmlns='urn:example'/></query></iq>", "p9");

        Assert.Equal("new", a.Child("query", Ns)!.Child("a", "urn:example")!.Text);
    }

    [Fact]
    public async Task One_set_may_store_several_fragments()
    {
        var reply = await _alice.QueryAsync("<iq type='set' id='p10'><query xmlns='jabber:iq:private'><a xmlns='urn:one'>1</a><b xmlns='urn:two'>2</b></query></iq>", "p10");

        Assert.Equal("result", reply.GetAttribute("type"));
        Assert.Equal("<b xmlns='urn:two'>2</b>", await Store.GetAsync("alice", "urn:two", "b", CancellationToken.None));
        Assert.Equal(2, await Store.CountAsync("alice", CancellationToken.None));
    }

    [Fact]
    public async Task A_set_with_one_reserved_fragment_stores_none_of_them()
    {
        var reply = await _alice.QueryAsync("<iq type='set' id='p11'><query xmlns='jabber:iq:private'><a xmlns='urn:one'>1</a><query xmlns='jabber:iq:roster'/></query></iq>", "p11");

        Assert.Equal("not-acceptable", Stanzas.ErrorCondition(reply));
        Assert.Equal(0, await Store.CountAsync("alice", CancellationToken.None));
    }

    [Theory]
    [InlineData("<prefs xmlns='jabber:client'/>")]
    [InlineData("<x xmlns='jabber:x:data'/>")]
    [InlineData("<query xmlns='http://jabber.org/protocol/disco#info'/>")]
    [InlineData("<vCard xmlns='vcard-temp'><FN>Hamlet</FN></vCard>")]
    [InlineData("<bare xmlns=''/>")]
    public async Task Reserved_namespaces_are_not_acceptable_for_set_or_get(string fragment)
    {
        var set = await _alice.QueryAsync($"<iq type='set' id='p12'><query xmlns='jabber:iq:private'>{fragment}</query></iq>", "p12");
        var get = await _alice.QueryAsync($"<iq type='get' id='p13'><query xmlns='jabber:iq:private'>{fragment}</query></iq>", "p13");

        Assert.Equal("not-acceptable", Stanzas.ErrorCondition(set));
        Assert.Equal("not-acceptable", Stanzas.ErrorCondition(get));
        Assert.Equal(0, await Store.CountAsync("alice", CancellationToken.None));
    }

    [Fact]
    public async Task A_get_without_a_child_is_a_bad_request()
    {
        var reply = await _alice.QueryAsync("<iq type='get' id='p14'><query xmlns='jabber:iq:private'/></iq>", "p14");

        Assert.Equal("bad-request", Stanzas.ErrorCondition(reply));
    }

    [Fact]
    public async Task A_get_for_two_fragments_is_a_bad_request()
    {
        var reply = await _alice.QueryAsync("<iq type='get' id='p15'><query xmlns='jabber:iq:private'><a xmlns='urn:one'/><b xmlns='urn:two'/></query></iq>", "p15");

        Assert.Equal("bad-request", Stanzas.ErrorCondition(reply));
    }

    [Fact]
    public async Task A_set_without_a_child_is_not_acceptable()
    {
        var reply = await _alice.QueryAsync("<iq type='set' id='p16'><query xmlns='jabber:iq:private'/></iq>", "p16");

        Assert.Equal("not-acceptable", Stanzas.ErrorCondition(reply));
    }

    [Fact]
    public async Task Reading_another_accounts_private_xml_is_forbidden()
    {
        await _alice.QueryAsync("<iq type='set' id='p17'><query xmlns='jabber:iq:private'><secret xmlns='urn:example'>mine</secret></query></iq>", "p17");

        var reply = await _bob.QueryAsync("<iq type='get' id='p18' to='alice@localhost'><query xmlns='jabber:iq:private'><secret xmlns='urn:example'/></query></iq>", "p18");

        Assert.Equal("forbidden", Stanzas.ErrorCondition(reply));
        Assert.DoesNotContain("mine", reply.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writing_another_accounts_private_xml_is_forbidden_and_changes_nothing()
    {
        await _alice.QueryAsync("<iq type='set' id='p19'><query xmlns='jabber:iq:private'><secret xmlns='urn:example'>mine</secret></query></iq>", "p19");

        var reply = await _bob.QueryAsync("<iq type='set' id='p20' to='alice@localhost'><query xmlns='jabber:iq:private'><secret xmlns='urn:example'>bob's</secret></query></iq>", "p20");

        Assert.Equal("forbidden", Stanzas.ErrorCondition(reply));
        Assert.Equal("<secret xmlns='urn:example'>mine</secret>", await Store.GetAsync("alice", "urn:example", "secret", CancellationToken.None));
        Assert.Equal(0, await Store.CountAsync("bob", CancellationToken.None));
    }

    [Fact]
    public async Task An_oversized_fragment_is_not_acceptable_and_the_old_one_stays()
    {
        await _alice.QueryAsync("<iq type='set' id='p21'><query xmlns='jabber:iq:private'><a xmlns='urn:example'>small</a></query></iq>", "p21");

        var reply = await _alice.QueryAsync($"<iq type='set' id='p22'><query xmlns='jabber:iq:private'><a xmlns='urn:example'>{new string('x', 130 * 1024)}</a></query></iq>", "p22");

        Assert.Equal("not-acceptable", Stanzas.ErrorCondition(reply));
        Assert.Equal("<a xmlns='urn:example'>small</a>", await Store.GetAsync("alice", "urn:example", "a", CancellationToken.None));
    }

    [Fact]
    public async Task Beyond_the_fragment_limit_a_set_is_a_policy_violation_and_stores_nothing()
    {
        var limit = new PrivateOptions().MaxFragmentsPerAccount;
        var many = string.Concat(Enumerable.Range(0, limit).Select(i => $"<f{i} xmlns='urn:example'/>"));
        var filled = await _alice.QueryAsync($"<iq type='set' id='p23'><query xmlns='jabber:iq:private'>{many}</query></iq>", "p23");

        var reply = await _alice.QueryAsync("<iq type='set' id='p24'><query xmlns='jabber:iq:private'><one-more xmlns='urn:example'/></query></iq>", "p24");
        var replacing = await _alice.QueryAsync("<iq type='set' id='p25'><query xmlns='jabber:iq:private'><f0 xmlns='urn:example'>still fine</f0></query></iq>", "p25");

        Assert.Equal("result", filled.GetAttribute("type"));
        Assert.Equal("policy-violation", Stanzas.ErrorCondition(reply));
        Assert.Equal("result", replacing.GetAttribute("type"));
        Assert.Equal(limit, await Store.CountAsync("alice", CancellationToken.None));
    }

    [Fact]
    public async Task Two_sessions_storing_the_same_new_fragment_at_once_both_succeed()
    {
        await using var laptop = await Server.LoginAsync("alice", "alice password", "laptop");
        for (var round = 0; round < 5; round++)
        {
            var replies = await Task.WhenAll(
                _alice.QueryAsync($"<iq type='set' id='phone{round}'><query xmlns='jabber:iq:private'><r{round} xmlns='urn:example'>phone</r{round}></query></iq>", $"phone{round}"),
                laptop.QueryAsync($"<iq type='set' id='laptop{round}'><query xmlns='jabber:iq:private'><r{round} xmlns='urn:example'>laptop</r{round}></query></iq>", $"laptop{round}"));

            Assert.All(replies, reply => Assert.Equal("result", reply.GetAttribute("type")));
        }

        Assert.Equal(5, await Store.CountAsync("alice", CancellationToken.None));
    }

    [Fact]
    public async Task The_server_announces_private_storage()
    {
        var reply = await _alice.QueryAsync("<iq type='get' id='d1' to='localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>", "d1");

        var features = reply.Child("query", "http://jabber.org/protocol/disco#info")!
            .Elements("feature", "http://jabber.org/protocol/disco#info").Select(f => f.GetAttribute("var"));
        Assert.Contains(Ns, features);
    }
}

public sealed class PrivateTestsOnSqlite() : PrivateTests(DatabaseKind.Sqlite);

public sealed class PrivateTestsOnPostgres() : PrivateTests(DatabaseKind.PostgreSql);
