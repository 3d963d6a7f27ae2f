using Microsoft.Extensions.DependencyInjection;
using Snikket.Configuration;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Server.Modules.Circles;
using Snikket.Server.Modules.Invites;
using Snikket.Xmpp;

namespace Snikket.Server.IntegrationTests.Modules.Circles;

/// <summary>Circles and their roster effects: joining through invites, the default circle, removal, renaming, login sync.</summary>
public abstract class CircleTests(DatabaseKind database) : IAsyncLifetime
{
    private const string Password = "a good long password";
    private const string RosterNs = "jabber:iq:roster";

    private TestServer _server = null!;

    private CircleStore Store => _server.Services.GetRequiredService<CircleStore>();

    private CircleMembership Membership => _server.Services.GetRequiredService<CircleMembership>();

    private InviteStore Invites => _server.Services.GetRequiredService<InviteStore>();

    private InviteRegistration Registration => _server.Services.GetRequiredService<InviteRegistration>();

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(database);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_invite_without_circles_puts_the_new_account_in_the_default_circle_named_after_the_site()
    {
        await RegisterAsync(null, "juliet");

        var circles = await Store.CirclesOfAsync("juliet", CancellationToken.None);

        Assert.Equal(Circle.DefaultId, Assert.Single(circles).Id);
        Assert.Equal("Test server", circles[0].Name);
    }

    [Fact]
    public async Task An_invite_with_an_empty_circle_list_joins_no_circle()
    {
        await RegisterAsync([], "juliet");

        Assert.Empty(await Store.CirclesOfAsync("juliet", CancellationToken.None));
    }

    [Fact]
    public async Task Members_of_an_invites_circle_become_mutual_contacts_in_its_group()
    {
        var family = await Store.CreateAsync("Family", CancellationToken.None);
        await RegisterAsync([family.Id], "romeo");
        await using var romeo = await _server.LoginAsync("romeo", Password);
        await RosterAsync(romeo);

        await RegisterAsync([family.Id], "juliet");

        var item = Item(await romeo.ReadUntilAsync("iq"));
        Assert.Equal("juliet@localhost", item.GetAttribute("jid"));
        Assert.Equal("both", item.GetAttribute("subscription"));
        Assert.Equal("Family", item.Child("group", RosterNs)!.Text);
        await using var juliet = await _server.LoginAsync("juliet", Password);
        var romeoInJuliets = (await RosterAsync(juliet)).Single(i => i.GetAttribute("jid") == "romeo@localhost");
        Assert.Equal("both", romeoInJuliets.GetAttribute("subscription"));
    }

    [Fact]
    public async Task Removing_a_member_removes_the_entries_the_circle_made()
    {
        var family = await Store.CreateAsync("Family", CancellationToken.None);
        await RegisterAsync([family.Id], "romeo");
        await RegisterAsync([family.Id], "juliet");
        await using var romeo = await _server.LoginAsync("romeo", Password);
        Assert.Single(await RosterAsync(romeo));

        await Membership.RemoveMemberAsync(family.Id, "juliet", CancellationToken.None);

        var item = Item(await romeo.ReadUntilAsync("iq"));
        Assert.Equal("remove", item.GetAttribute("subscription"));
        Assert.Empty(await RosterAsync(romeo));
    }

    [Fact]
    public async Task Leaving_one_of_two_shared_circles_keeps_the_contact_in_the_other_group()
    {
        var family = await Store.CreateAsync("Family", CancellationToken.None);
        var friends = await Store.CreateAsync("Friends", CancellationToken.None);
        await RegisterAsync([family.Id, friends.Id], "romeo");
        await RegisterAsync([family.Id, friends.Id], "juliet");

        await Membership.RemoveMemberAsync(family.Id, "juliet", CancellationToken.None);

        await using var romeo = await _server.LoginAsync("romeo", Password);
        var item = Assert.Single(await RosterAsync(romeo));
        Assert.Equal("both", item.GetAttribute("subscription"));
        Assert.Equal(["Friends"], item.Elements("group", RosterNs).Select(g => g.Text));
    }

    [Fact]
    public async Task Renaming_a_circle_renames_the_roster_group()
    {
        var family = await Store.CreateAsync("Family", CancellationToken.None);
        await RegisterAsync([family.Id], "romeo");
        await RegisterAsync([family.Id], "juliet");

        Assert.True(await Membership.RenameAsync(family.Id, "Montagues", CancellationToken.None));

        await using var romeo = await _server.LoginAsync("romeo", Password);
        Assert.Equal(["Montagues"], Assert.Single(await RosterAsync(romeo)).Elements("group", RosterNs).Select(g => g.Text));
    }

    [Fact]
    public async Task A_login_links_members_that_were_added_without_the_roster_hearing_of_it()
    {
        var family = await Store.CreateAsync("Family", CancellationToken.None);
        await _server.CreateAccountAsync("romeo", Password);
        await _server.CreateAccountAsync("juliet", Password);
        await Store.AddMemberAsync(family.Id, "romeo", CancellationToken.None);
        await Store.AddMemberAsync(family.Id, "juliet", CancellationToken.None);

        await using var romeo = await _server.LoginAsync("romeo", Password);

        // The sync runs beside the login: the entry is either in the roster already or pushed.
        var roster = await RosterAsync(romeo);
        var item = roster.Count == 1 ? roster[0] : Item(await romeo.ReadUntilAsync("iq"));
        Assert.Equal("juliet@localhost", item.GetAttribute("jid"));
        Assert.Equal("both", item.GetAttribute("subscription"));
    }

    [Fact]
    public async Task A_deleted_account_leaves_its_circles()
    {
        var family = await Store.CreateAsync("Family", CancellationToken.None);
        await RegisterAsync([family.Id], "juliet");

        await _server.Services.GetRequiredService<Snikket.Server.Accounts.AccountLifecycle>().DeleteNowAsync("juliet", CancellationToken.None);

        Assert.Empty((await Store.GetAsync(family.Id, CancellationToken.None))!.Members);
    }

    [Fact]
    public async Task A_deleted_circle_takes_its_group_away()
    {
        var family = await Store.CreateAsync("Family", CancellationToken.None);
        await RegisterAsync([family.Id], "romeo");
        await RegisterAsync([family.Id], "juliet");

        Assert.True(await Membership.DeleteAsync(family.Id, CancellationToken.None));

        await using var romeo = await _server.LoginAsync("romeo", Password);
        Assert.Empty(await RosterAsync(romeo));
        Assert.Null(await Store.GetAsync(family.Id, CancellationToken.None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("tab\tinside")]
    public async Task A_circle_needs_a_printable_name(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateAsync(name, CancellationToken.None));

        Assert.Empty(await Store.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task An_overlong_circle_name_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateAsync(new string('x', 101), CancellationToken.None));
    }

    private async Task RegisterAsync(IReadOnlyList<string>? circles, string username)
    {
        var invite = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Account, Circles = circles }, CancellationToken.None);
        var result = await Registration.RegisterAsync(invite.Token, username, Password, CancellationToken.None);
        Assert.Equal(RegistrationOutcome.Created, result.Outcome);
    }

    private static Element Item(Element push) => push.Child("query", RosterNs)!.Child("item", RosterNs)!;

    private static async Task<List<Element>> RosterAsync(TestClient client)
    {
        await client.SendRawAsync("<iq type='get' id='roster'><query xmlns='jabber:iq:roster'/></iq>");
        while (true)
        {
            var reply = await client.ReadUntilAsync("iq");
            if (reply.GetAttribute("id") == "roster")
            {
                return [.. reply.Child("query", RosterNs)!.Elements("item", RosterNs)];
            }
        }
    }
}

public sealed class CircleTestsOnSqlite() : CircleTests(DatabaseKind.Sqlite);

public sealed class CircleTestsOnPostgres() : CircleTests(DatabaseKind.PostgreSql);
