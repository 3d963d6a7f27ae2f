using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Snikket.Configuration;
using Snikket.Server.Accounts;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Server.Modules.Roster;
using Snikket.Server.Routing;
using Snikket.Server.Storage;

namespace Snikket.Server.IntegrationTests.Modules.Roster;

/// <summary>RFC 6121 §2: roster get, set, remove, pushes, versioning and hostile roster sets, over real sockets.</summary>
public abstract class RosterTests(DatabaseKind database) : ServerTest(database)
{
    private TestClient _alice = null!;

    private protected override async Task SetUpAsync()
    {
        _alice = await LoginAsync("alice", "alice password", "phone");
    }

    [Fact]
    public void Roster_versioning_is_advertised_after_authentication()
    {
        Assert.NotNull(_alice.Features!.Child("ver", "urn:xmpp:features:rosterver"));
    }

    [Fact]
    public async Task A_new_account_has_an_empty_roster_with_a_version()
    {
        var roster = await _alice.GetRosterAsync();

        Assert.NotNull(roster);
        Assert.Empty(roster.Elements());
        Assert.NotNull(roster.GetAttribute("ver"));
    }

    [Fact]
    public async Task A_roster_set_adds_the_item_and_pushes_it_to_the_resource_that_set_it()
    {
        await _alice.GetRosterAsync();

        var result = await _alice.SetRosterAsync("<item jid='bob@localhost' name='Bob'><group>Friends</group><group>Work</group></item>");
        var push = await _alice.ExpectPushAsync();

        Assert.Equal("result", result.GetAttribute("type"));
        var item = push.Item("bob@localhost");
        Assert.Equal(("Bob", "none", null), (item.GetAttribute("name"), item.GetAttribute("subscription"), item.GetAttribute("ask")));
        Assert.Equal(["Friends", "Work"], item.Elements("group", RosterSteps.RosterNs).Select(g => g.Text));
    }

    [Fact]
    public async Task A_push_reaches_every_interested_resource_and_no_other()
    {
        await using var laptop = await Server.LoginAsync("alice", "alice password", "laptop");
        await using var uninterested = await Server.LoginAsync("alice", "alice password", "quiet");
        await laptop.GetRosterAsync();
        await _alice.GetRosterAsync();

        await _alice.SetRosterAsync("<item jid='bob@localhost'/>");
        await _alice.ExpectPushAsync();
        await _alice.SyncAsync();

        Assert.Equal("bob@localhost", (await laptop.ExpectPushAsync()).Item("bob@localhost").GetAttribute("jid"));
        await uninterested.AssertNothingArrivesAsync();
    }

    [Fact]
    public async Task The_roster_lists_what_was_set_in_an_earlier_session()
    {
        await _alice.SetRosterAsync("<item jid='bob@localhost' name='Bob'/>");
        await using var later = await Server.LoginAsync("alice", "alice password", "later");

        var roster = await later.GetRosterAsync();

        Assert.Equal("Bob", roster!.Item("bob@localhost").GetAttribute("name"));
    }

    [Fact]
    public async Task Every_change_raises_the_version()
    {
        var initial = (await _alice.GetRosterAsync())!.Version();

        await _alice.SetRosterAsync("<item jid='bob@localhost'/>");
        var first = (await _alice.ExpectPushAsync()).Version();
        await _alice.SetRosterAsync("<item jid='bob@localhost' name='Bob'/>", "set2");
        var second = (await _alice.ExpectPushAsync()).Version();

        Assert.True(initial < first && first < second, $"{initial} < {first} < {second}");
    }

    [Fact]
    public async Task A_get_with_the_current_version_returns_an_empty_result()
    {
        await _alice.SetRosterAsync("<item jid='bob@localhost'/>");
        var ver = (await _alice.GetRosterAsync())!.GetAttribute("ver");

        var roster = await _alice.GetRosterAsync(ver);

        Assert.Null(roster);
    }

    [Theory]
    [InlineData("old")]
    [InlineData("")]
    [InlineData("not-a-version")]
    public async Task A_get_with_another_version_returns_the_whole_roster(string which)
    {
        var old = (await _alice.GetRosterAsync())!.GetAttribute("ver")!;
        await _alice.SetRosterAsync("<item jid='bob@localhost'/>");
        await _alice.ExpectPushAsync();

        var roster = await _alice.GetRosterAsync(which == "old" ? old : which);

        Assert.NotNull(roster);
        Assert.Equal("bob@localhost", roster.Item("bob@localhost").GetAttribute("jid"));
        Assert.NotEqual(old, roster.GetAttribute("ver"));
    }

    [Fact]
    public async Task An_update_replaces_name_and_groups_and_keeps_the_subscription()
    {
        await _alice.SetRosterAsync("<item jid='bob@localhost' name='Bob'><group>Friends</group></item>");
        await _alice.GetRosterAsync();

        await _alice.SetRosterAsync("<item jid='bob@localhost' name='Robert'><group>Work</group></item>", "set2");
        var item = (await _alice.ExpectPushAsync()).Item("bob@localhost");

        Assert.Equal(("Robert", "none"), (item.GetAttribute("name"), item.GetAttribute("subscription")));
        Assert.Equal("Work", Assert.Single(item.Elements("group", RosterSteps.RosterNs)).Text);
    }

    [Fact]
    public async Task An_empty_name_clears_the_name()
    {
        await _alice.SetRosterAsync("<item jid='bob@localhost' name='Bob'/>");

        await _alice.SetRosterAsync("<item jid='bob@localhost' name=''/>", "set2");

        Assert.Null((await _alice.GetRosterAsync())!.Item("bob@localhost").GetAttribute("name"));
    }

    [Fact]
    public async Task A_subscription_or_ask_in_a_roster_set_is_ignored()
    {
        var result = await _alice.SetRosterAsync("<item jid='bob@localhost' subscription='both' ask='subscribe' approved='true'/>");

        var item = (await _alice.GetRosterAsync())!.Item("bob@localhost");
        Assert.Equal("result", result.GetAttribute("type"));
        Assert.Equal(("none", null, null), (item.GetAttribute("subscription"), item.GetAttribute("ask"), item.GetAttribute("approved")));
    }

    [Fact]
    public async Task The_users_own_jid_may_be_a_roster_item()
    {
        var result = await _alice.SetRosterAsync("<item jid='alice@localhost' name='Notes to self'/>");

        Assert.Equal("result", result.GetAttribute("type"));
        Assert.Equal("none", (await _alice.GetRosterAsync())!.Item("alice@localhost").GetAttribute("subscription"));
    }

    [Fact]
    public async Task A_remove_deletes_the_item_and_pushes_the_removal()
    {
        await _alice.SetRosterAsync("<item jid='bob@localhost'/>");
        await _alice.GetRosterAsync();

        var result = await _alice.SetRosterAsync("<item jid='bob@localhost' subscription='remove'/>", "set2");
        var push = await _alice.ExpectPushAsync();

        Assert.Equal("result", result.GetAttribute("type"));
        Assert.Equal("remove", push.Item("bob@localhost").GetAttribute("subscription"));
        Assert.Empty((await _alice.GetRosterAsync())!.Elements());
    }

    [Fact]
    public async Task Removing_a_contact_that_is_not_there_is_item_not_found()
    {
        var result = await _alice.SetRosterAsync("<item jid='nobody@localhost' subscription='remove'/>");

        Assert.Equal("item-not-found", result.ErrorCondition());
    }

    [Theory]
    [InlineData("<item jid='bob@localhost'/><item jid='carol@localhost'/>", "bad-request")]
    [InlineData("", "bad-request")]
    [InlineData("<item name='no jid'/>", "bad-request")]
    [InlineData("<item jid='bob@localhost/phone'/>", "bad-request")]
    [InlineData("<item jid='@@@'/>", "jid-malformed")]
    [InlineData("<item jid='bob@localhost'><group>A</group><group>A</group></item>", "bad-request")]
    [InlineData("<item jid='bob@localhost'><group></group></item>", "not-acceptable")]
    [InlineData("<item jid='bob@localhost'><group>ok</group><group/></item>", "not-acceptable")]
    public async Task A_malformed_roster_set_gets_the_rfc_error_and_changes_nothing(string items, string condition)
    {
        await _alice.SetRosterAsync("<item jid='dave@localhost' name='Dave'/>", "seed");
        var before = (await _alice.GetRosterAsync())!;

        var result = await _alice.SetRosterAsync(items);

        Assert.Equal(condition, result.ErrorCondition());
        var after = (await _alice.GetRosterAsync(before.GetAttribute("ver")));
        Assert.Null(after);
    }

    [Fact]
    public async Task An_overlong_name_is_not_acceptable()
    {
        var result = await _alice.SetRosterAsync($"<item jid='bob@localhost' name='{new string('n', RosterModule.MaxNameLength + 1)}'/>");

        Assert.Equal("not-acceptable", result.ErrorCondition());
        Assert.Empty((await _alice.GetRosterAsync())!.Elements());
    }

    [Fact]
    public async Task An_overlong_group_is_not_acceptable()
    {
        var result = await _alice.SetRosterAsync($"<item jid='bob@localhost'><group>{new string('g', RosterModule.MaxGroupLength + 1)}</group></item>");

        Assert.Equal("not-acceptable", result.ErrorCondition());
        Assert.Empty((await _alice.GetRosterAsync())!.Elements());
    }

    [Fact]
    public async Task Too_many_groups_are_not_acceptable()
    {
        var groups = string.Concat(Enumerable.Range(0, RosterModule.MaxGroups + 1).Select(i => $"<group>g{i}</group>"));

        var result = await _alice.SetRosterAsync($"<item jid='bob@localhost'>{groups}</item>");

        Assert.Equal("not-acceptable", result.ErrorCondition());
        Assert.Empty((await _alice.GetRosterAsync())!.Elements());
    }

    [Fact]
    public async Task A_full_roster_refuses_another_contact_with_policy_violation()
    {
        await SeedAsync("alice", RosterStore.MaxItems);

        var result = await _alice.SetRosterAsync("<item jid='one-too-many@localhost'/>");
        var update = await _alice.SetRosterAsync("<item jid='contact0@example.org' name='Still editable'/>", "set2");

        Assert.Equal("policy-violation", result.ErrorCondition());
        Assert.Equal("result", update.GetAttribute("type"));
        Assert.Equal(RosterStore.MaxItems, (await _alice.GetRosterAsync())!.Elements().Count());
    }

    [Fact]
    public async Task Setting_another_users_roster_is_forbidden_and_changes_nothing()
    {
        var result = await _alice.IqAsync("x1", "<iq type='set' id='x1' to='bob@localhost'><query xmlns='jabber:iq:roster'><item jid='mallory@localhost'/></query></iq>");

        Assert.Equal("forbidden", result.ErrorCondition());
        await using var bob = await Server.LoginAsync("bob", "bob password");
        Assert.Empty((await bob.GetRosterAsync())!.Elements());
    }

    [Fact]
    public async Task Reading_another_users_roster_is_forbidden()
    {
        await using (var bob = await Server.LoginAsync("bob", "bob password"))
        {
            await bob.SetRosterAsync("<item jid='secret@localhost'/>");
        }

        var result = await _alice.IqAsync("x2", "<iq type='get' id='x2' to='bob@localhost'><query xmlns='jabber:iq:roster'/></iq>");

        Assert.Equal("forbidden", result.ErrorCondition());
        Assert.Null(result.Child("query", RosterSteps.RosterNs));
    }

    [Fact]
    public async Task A_deleted_account_leaves_other_rosters_with_a_push()
    {
        await _alice.SetRosterAsync("<item jid='bob@localhost' name='Bob'/>");
        await _alice.GetRosterAsync();

        await Server.Services.GetRequiredService<ServerEvents>().PublishAsync(new AccountDeleted("bob"), CancellationToken.None);

        Assert.Equal("remove", (await _alice.ExpectPushAsync()).Item("bob@localhost").GetAttribute("subscription"));
        Assert.Empty((await _alice.GetRosterAsync())!.Elements());
    }

    [Fact]
    public async Task A_deleted_accounts_own_roster_is_gone_and_a_new_account_of_that_name_does_not_inherit_it()
    {
        await using (var bob = await Server.LoginAsync("bob", "bob password"))
        {
            await bob.SetRosterAsync("<item jid='alice@localhost'/>");
        }

        var oldVer = (await Server.Services.GetRequiredService<RosterStore>().VersionAsync("bob", CancellationToken.None)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Server.Services.GetRequiredService<AccountStore>().DeleteAsync("bob", CancellationToken.None);
        await Server.Services.GetRequiredService<ServerEvents>().PublishAsync(new AccountDeleted("bob"), CancellationToken.None);
        await Server.CreateAccountAsync("bob", "new bob");
        await using var newBob = await Server.LoginAsync("bob", "new bob");

        var roster = await newBob.GetRosterAsync(oldVer);

        Assert.NotNull(roster);
        Assert.Empty(roster.Elements());
    }

    /// <summary>Fills a roster directly in the database (a thousand roster sets would only slow the test).</summary>
    private async Task SeedAsync(string username, int count)
    {
        var factory = Server.Services.GetRequiredService<IDbContextFactory<SnikketDb>>();
        await using var db = await factory.CreateDbContextAsync();
        for (var i = 0; i < count; i++)
        {
            db.Add(new RosterItem { Username = username, Jid = $"contact{i}@example.org" });
        }

        await db.SaveChangesAsync();
    }
}

public sealed class RosterTestsOnSqlite() : RosterTests(DatabaseKind.Sqlite);

public sealed class RosterTestsOnPostgres() : RosterTests(DatabaseKind.PostgreSql);
