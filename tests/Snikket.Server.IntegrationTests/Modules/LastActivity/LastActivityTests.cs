using System.Globalization;
using Snikket.Configuration;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Server.IntegrationTests.Modules.Roster;
using Snikket.Xmpp;

namespace Snikket.Server.IntegrationTests.Modules.LastActivity;

/// <summary>XEP-0012 last activity: server uptime, and an account's last logout as the account itself sees it.</summary>
public abstract class LastActivityTests(DatabaseKind database) : ServerTest(database)
{
    private const string Ns = "jabber:iq:last";

    private TestClient _bob = null!;

    private protected override async Task SetUpAsync()
    {
        _bob = await LoginAsync("bob", "bob password", "laptop");
    }

    [Fact]
    public async Task The_server_answers_with_its_uptime_in_seconds_and_no_text()
    {
        var reply = await _bob.QueryAsync("<iq type='get' id='l1' to='localhost'><query xmlns='jabber:iq:last'/></iq>", "l1");

        var query = reply.Child("query", Ns)!;
        Assert.Equal(("result", "localhost"), (reply.GetAttribute("type"), reply.GetAttribute("from")));
        Assert.InRange(long.Parse(query.GetAttribute("seconds")!, CultureInfo.InvariantCulture), 0, 600);
        Assert.Equal("", query.Text);
    }

    [Fact]
    public async Task An_available_account_asking_about_itself_is_online_now()
    {
        await _bob.BecomeAvailableAsync();

        var reply = await _bob.QueryAsync("<iq type='get' id='l2' to='bob@localhost'><query xmlns='jabber:iq:last'/></iq>", "l2");

        Assert.Equal("0", reply.Child("query", Ns)!.GetAttribute("seconds"));
    }

    [Fact]
    public async Task The_last_logout_and_its_status_are_remembered()
    {
        await LogOutAsync("alice", "<status>Heading home</status>");
        await using var alice = await Server.LoginAsync("alice", "alice password", "laptop");

        var query = await LastLogoutAsync(alice);

        Assert.Equal("Heading home", query.Text);
        Assert.InRange(long.Parse(query.GetAttribute("seconds")!, CultureInfo.InvariantCulture), 0, 600);
    }

    [Fact]
    public async Task A_long_status_is_cut_before_it_is_stored()
    {
        await LogOutAsync("alice", $"<status>{new string('z', 5000)}</status>");
        await using var alice = await Server.LoginAsync("alice", "alice password", "laptop");

        var query = await LastLogoutAsync(alice);

        Assert.Equal(new string('z', 1024), query.Text);
    }

    [Fact]
    public async Task An_account_that_never_logged_out_has_no_last_activity()
    {
        var reply = await _bob.QueryAsync("<iq type='get' id='l3'><query xmlns='jabber:iq:last'/></iq>", "l3");

        Assert.Equal("item-not-found", Stanzas.ErrorCondition(reply));
    }

    [Fact]
    public async Task Another_account_is_not_told_when_someone_was_last_online()
    {
        await LogOutAsync("alice", "<status>gone</status>");

        var reply = await _bob.QueryAsync("<iq type='get' id='l4' to='alice@localhost'><query xmlns='jabber:iq:last'/></iq>", "l4");

        Assert.Equal("forbidden", Stanzas.ErrorCondition(reply));
        Assert.DoesNotContain("gone", reply.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contact_alice_shares_her_presence_with_is_told()
    {
        await using (var alice = await Server.LoginAsync("alice", "alice password", "phone"))
        {
            await RosterSteps.SubscribeAsync(_bob, "bob", alice, "alice");
        }

        await LogOutAsync("alice", "<status>gone</status>");

        var query = await LastLogoutAsync(_bob, "alice@localhost");

        Assert.Equal("gone", query.Text);
    }

    [Fact]
    public async Task A_missing_account_is_service_unavailable()
    {
        var reply = await _bob.QueryAsync("<iq type='get' id='l5' to='nobody@localhost'><query xmlns='jabber:iq:last'/></iq>", "l5");

        Assert.Equal("service-unavailable", Stanzas.ErrorCondition(reply));
    }

    [Fact]
    public async Task Setting_last_activity_is_service_unavailable()
    {
        var reply = await _bob.QueryAsync("<iq type='set' id='l6' to='localhost'><query xmlns='jabber:iq:last' seconds='0'/></iq>", "l6");

        Assert.Equal("service-unavailable", Stanzas.ErrorCondition(reply));
    }

    [Fact]
    public async Task The_server_and_accounts_announce_last_activity()
    {
        var server = await _bob.QueryAsync("<iq type='get' id='d1' to='localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>", "d1");
        var account = await _bob.QueryAsync("<iq type='get' id='d2' to='bob@localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>", "d2");

        Assert.Contains(Ns, Features(server));
        Assert.Contains(Ns, Features(account));
    }

    private static IEnumerable<string?> Features(Element reply) =>
        reply.Child("query", "http://jabber.org/protocol/disco#info")!.Elements("feature", "http://jabber.org/protocol/disco#info").Select(f => f.GetAttribute("var"));

    /// <summary>Logs in, goes available, leaves with an unavailable presence carrying <paramref name="status"/>, and closes the stream.</summary>
    private async Task LogOutAsync(string username, string status)
    {
        await using var client = await Server.LoginAsync(username, username + " password", "phone");
        await client.BecomeAvailableAsync();
        await client.SendRawAsync($"<presence type='unavailable'>{status}</presence></stream:stream>");
        await client.ExpectDisconnectedAsync();
    }

    /// <summary>
    /// Asks for the last activity of the client's own account (or of <paramref name="of"/>) until the
    /// logout is recorded: the session-closed event is handled after the connection is gone, so the
    /// first answer may come before it.
    /// </summary>
    private static async Task<Element> LastLogoutAsync(TestClient client, string? of = null)
    {
        var to = of is null ? "" : $" to='{of}'";
        var deadline = DateTime.UtcNow + TestClient.Timeout;
        for (var attempt = 0; ; attempt++)
        {
            var id = "own" + attempt.ToString(CultureInfo.InvariantCulture);
            var reply = await client.QueryAsync($"<iq type='get' id='{id}'{to}><query xmlns='jabber:iq:last'/></iq>", id);
            if (reply.GetAttribute("type") == "result")
            {
                return reply.Child("query", Ns)!;
            }

            Assert.Equal("item-not-found", Stanzas.ErrorCondition(reply));
            Assert.True(DateTime.UtcNow < deadline, "the logout was not recorded in time");
        }
    }
}

public sealed class LastActivityTestsOnSqlite() : LastActivityTests(DatabaseKind.Sqlite);

public sealed class LastActivityTestsOnPostgres() : LastActivityTests(DatabaseKind.PostgreSql);
