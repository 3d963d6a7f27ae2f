using Microsoft.Extensions.DependencyInjection;
using Snikket.Configuration;
using Snikket.Server.Accounts;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Server.Modules.Vcard;

namespace Snikket.Server.IntegrationTests.Modules.Vcard;

/// <summary>XEP-0054 vcard-temp: own vCard, other accounts' vCards, and what must be refused.</summary>
public abstract class VcardTests(DatabaseKind database) : ServerTest(database)
{
    private const string Ns = "vcard-temp";

    private TestClient _alice = null!;
    private TestClient _bob = null!;

    private VcardStore Store => Server.Services.GetRequiredService<VcardStore>();

    private protected override async Task SetUpAsync()
    {
        _alice = await LoginAsync("alice", "alice password", "phone");
        _bob = await LoginAsync("bob", "bob password", "laptop");
    }

    [Fact]
    public async Task Without_a_stored_vcard_ones_own_is_empty()
    {
        var reply = await _alice.QueryAsync("<iq type='get' id='v1'><vCard xmlns='vcard-temp'/></iq>", "v1");

        Assert.Equal("result", reply.GetAttribute("type"));
        var vcard = reply.Child("vCard", Ns)!;
        Assert.Empty(vcard.Elements());
    }

    [Fact]
    public async Task A_stored_vcard_comes_back_whole()
    {
        var set = await _alice.QueryAsync(
            "<iq type='set' id='v2'><vCard xmlns='vcard-temp'><FN>Alice &amp; Co</FN><PHOTO><TYPE>image/png</TYPE><BINVAL>iVBORw0KGgo=</BINVAL></PHOTO></vCard></iq>", "v2");

        var reply = await _alice.QueryAsync("<iq type='get' id='v3' to='alice@localhost'><vCard xmlns='vcard-temp'/></iq>", "v3");

        Assert.Equal("result", set.GetAttribute("type"));
        var vcard = reply.Child("vCard", Ns)!;
        Assert.Equal("Alice & Co", vcard.Child("FN", Ns)!.Text);
        Assert.Equal("iVBORw0KGgo=", vcard.Child("PHOTO", Ns)!.Child("BINVAL", Ns)!.Text);
    }

    [Fact]
    public async Task Another_account_reads_the_vcard_from_the_owners_bare_jid()
    {
        await _alice.QueryAsync("<iq type='set' id='v4'><vCard xmlns='vcard-temp'><NICKNAME>ally</NICKNAME></vCard></iq>", "v4");

        var reply = await _bob.QueryAsync("<iq type='get' id='v5' to='alice@localhost'><vCard xmlns='vcard-temp'/></iq>", "v5");

        Assert.Equal(("result", "alice@localhost"), (reply.GetAttribute("type"), reply.GetAttribute("from")));
        Assert.Equal("ally", reply.Child("vCard", Ns)!.Child("NICKNAME", Ns)!.Text);
    }

    [Fact]
    public async Task Another_accounts_missing_vcard_is_service_unavailable()
    {
        var reply = await _bob.QueryAsync("<iq type='get' id='v6' to='alice@localhost'><vCard xmlns='vcard-temp'/></iq>", "v6");

        Assert.Equal("service-unavailable", Stanzas.ErrorCondition(reply));
    }

    [Fact]
    public async Task A_missing_account_gives_the_same_error_as_a_missing_vcard()
    {
        var reply = await _bob.QueryAsync("<iq type='get' id='v7' to='nobody@localhost'><vCard xmlns='vcard-temp'/></iq>", "v7");

        Assert.Equal("service-unavailable", Stanzas.ErrorCondition(reply));
    }

    [Fact]
    public async Task Setting_another_accounts_vcard_is_forbidden_and_changes_nothing()
    {
        await _alice.QueryAsync("<iq type='set' id='v8'><vCard xmlns='vcard-temp'><FN>Alice</FN></vCard></iq>", "v8");

        var reply = await _bob.QueryAsync("<iq type='set' id='v9' to='alice@localhost'><vCard xmlns='vcard-temp'><FN>Mallory</FN></vCard></iq>", "v9");

        Assert.Equal("forbidden", Stanzas.ErrorCondition(reply));
        Assert.Contains("<FN>Alice</FN>", await Store.GetAsync("alice", CancellationToken.None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_vcard_is_not_acceptable_and_the_old_one_stays()
    {
        await _alice.QueryAsync("<iq type='set' id='v10'><vCard xmlns='vcard-temp'><FN>Alice</FN></vCard></iq>", "v10");
        var photo = new string('A', 200 * 1024);

        var reply = await _alice.QueryAsync($"<iq type='set' id='v11'><vCard xmlns='vcard-temp'><FN>Big</FN><PHOTO><BINVAL>{photo}</BINVAL></PHOTO></vCard></iq>", "v11");

        Assert.Equal("not-acceptable", Stanzas.ErrorCondition(reply));
        Assert.Contains("<FN>Alice</FN>", await Store.GetAsync("alice", CancellationToken.None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_photo_just_under_the_limit_is_stored()
    {
        var photo = new string('A', 180 * 1024);

        var reply = await _alice.QueryAsync($"<iq type='set' id='v12'><vCard xmlns='vcard-temp'><PHOTO><BINVAL>{photo}</BINVAL></PHOTO></vCard></iq>", "v12");

        Assert.Equal("result", reply.GetAttribute("type"));
        Assert.Contains(photo, await Store.GetAsync("alice", CancellationToken.None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrongly_spelled_root_is_not_a_vcard_and_stores_nothing()
    {
        var reply = await _alice.QueryAsync("<iq type='set' id='v13'><vcard xmlns='vcard-temp'><FN>lower</FN></vcard></iq>", "v13");

        Assert.Equal("service-unavailable", Stanzas.ErrorCondition(reply));
        Assert.Null(await Store.GetAsync("alice", CancellationToken.None));
    }

    [Fact]
    public async Task A_vcard_in_the_wrong_namespace_stores_nothing()
    {
        var reply = await _alice.QueryAsync("<iq type='set' id='v14'><vCard xmlns='urn:ietf:params:xml:ns:vcard-4.0'><fn><text>four</text></fn></vCard></iq>", "v14");

        Assert.Equal("service-unavailable", Stanzas.ErrorCondition(reply));
        Assert.Null(await Store.GetAsync("alice", CancellationToken.None));
    }

    [Fact]
    public async Task Publishing_an_empty_vcard_clears_it()
    {
        await _alice.QueryAsync("<iq type='set' id='v15'><vCard xmlns='vcard-temp'><FN>Alice</FN></vCard></iq>", "v15");

        var reply = await _alice.QueryAsync("<iq type='set' id='v16'><vCard xmlns='vcard-temp'/></iq>", "v16");

        Assert.Equal("result", reply.GetAttribute("type"));
        Assert.Null(await Store.GetAsync("alice", CancellationToken.None));
    }

    [Fact]
    public async Task A_new_vcard_replaces_the_old_one_entirely()
    {
        await _alice.QueryAsync("<iq type='set' id='v17'><vCard xmlns='vcard-temp'><FN>Alice</FN><NICKNAME>ally</NICKNAME></vCard></iq>", "v17");
        await _alice.QueryAsync("<iq type='set' id='v18'><vCard xmlns='vcard-temp'><FN>Alice B.</FN></vCard></iq>", "v18");

        var vcard = (await _bob.QueryAsync("<iq type='get' id='v19' to='alice@localhost'><vCard xmlns='vcard-temp'/></iq>", "v19")).Child("vCard", Ns)!;

        Assert.Equal("Alice B.", vcard.Child("FN", Ns)!.Text);
        Assert.Null(vcard.Child("NICKNAME", Ns));
    }

    [Fact]
    public async Task Deleting_the_account_deletes_its_vcard()
    {
        await _bob.QueryAsync("<iq type='set' id='v20'><vCard xmlns='vcard-temp'><FN>Bob</FN></vCard></iq>", "v20");

        await Server.Services.GetRequiredService<AccountStore>().DeleteAsync("bob", CancellationToken.None);

        Assert.Null(await Store.GetAsync("bob", CancellationToken.None));
    }

    [Fact]
    public async Task Two_sessions_publishing_a_first_vcard_at_once_both_succeed()
    {
        await using var laptop = await Server.LoginAsync("alice", "alice password", "laptop");
        for (var round = 0; round < 5; round++)
        {
            await Store.DeleteAsync("alice", CancellationToken.None);

            var replies = await Task.WhenAll(
                _alice.QueryAsync($"<iq type='set' id='phone{round}'><vCard xmlns='vcard-temp'><FN>phone</FN></vCard></iq>", $"phone{round}"),
                laptop.QueryAsync($"<iq type='set' id='laptop{round}'><vCard xmlns='vcard-temp'><FN>laptop</FN></vCard></iq>", $"laptop{round}"));

            Assert.All(replies, reply => Assert.Equal("result", reply.GetAttribute("type")));
            Assert.NotNull(await Store.GetAsync("alice", CancellationToken.None));
        }
    }

    [Fact]
    public async Task The_server_announces_vcard_temp()
    {
        var reply = await _alice.QueryAsync("<iq type='get' id='d1' to='localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>", "d1");

        var features = reply.Child("query", "http://jabber.org/protocol/disco#info")!
            .Elements("feature", "http://jabber.org/protocol/disco#info").Select(f => f.GetAttribute("var"));
        Assert.Contains(Ns, features);
    }
}

public sealed class VcardTestsOnSqlite() : VcardTests(DatabaseKind.Sqlite);

public sealed class VcardTestsOnPostgres() : VcardTests(DatabaseKind.PostgreSql);
