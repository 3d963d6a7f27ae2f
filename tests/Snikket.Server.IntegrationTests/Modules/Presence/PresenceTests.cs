using Microsoft.Extensions.DependencyInjection;
using Snikket.Configuration;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Server.IntegrationTests.Modules.Roster;
using Snikket.Server.Sessions;
using Snikket.Xmpp;

namespace Snikket.Server.IntegrationTests.Modules.Presence;

/// <summary>RFC 6121 §4: initial presence and what it brings, broadcast, unavailable, directed presence, and hostile presence.</summary>
public abstract class PresenceTests(DatabaseKind database) : ServerTest(database)
{
    private TestClient _alice = null!;
    private TestClient _bob = null!;

    private protected override IReadOnlyList<(string Username, string Password)> Accounts =>
        [("alice", "alice password"), ("bob", "bob password"), ("carol", "carol password")];

    private protected override async Task SetUpAsync()
    {
        _alice = await LoginAsync("alice", "alice password", "phone");
        await _alice.GetRosterAsync();
        _bob = await LoginAsync("bob", "bob password", "laptop");
        await _bob.GetRosterAsync();
        await _bob.BecomeAvailableAsync();
    }

    [Fact]
    public async Task Initial_presence_comes_back_to_the_sender_and_goes_to_the_accounts_other_available_resources()
    {
        await using var tablet = await Server.LoginAsync("alice", "alice password", "tablet");
        await tablet.BecomeAvailableAsync();
        await using var quiet = await Server.LoginAsync("alice", "alice password", "quiet");

        await _alice.SendRawAsync("<presence><show>chat</show></presence>");
        var alice = await _alice.SyncAsync();
        var atTablet = await tablet.SyncAsync();

        var echo = Assert.Single(alice, p => p.GetAttribute("from") == "alice@localhost/phone");
        Assert.Equal(("presence", "alice@localhost", "chat"), (echo.Name, echo.GetAttribute("to"), echo.Child("show", Ns.Client)!.Text));
        Assert.Equal("alice@localhost/phone", Assert.Single(atTablet).GetAttribute("from"));
        await quiet.AssertNothingArrivesAsync();
    }

    [Fact]
    public async Task A_new_resource_gets_the_presence_of_the_accounts_other_available_resources()
    {
        await using var tablet = await Server.LoginAsync("alice", "alice password", "tablet");
        await tablet.SendRawAsync("<presence><status>on the tablet</status></presence>");
        await tablet.SyncAsync();

        await _alice.SendRawAsync("<presence/>");
        var alice = await _alice.SyncAsync();

        var sibling = Assert.Single(alice, p => p.GetAttribute("from") == "alice@localhost/tablet");
        Assert.Equal(("alice@localhost/phone", "on the tablet"), (sibling.GetAttribute("to"), sibling.Child("status", Ns.Client)!.Text));
    }

    [Fact]
    public async Task Initial_presence_reaches_contacts_with_a_subscription_to_the_user_and_no_one_else()
    {
        await RosterSteps.SubscribeAsync(_bob, "bob", _alice, "alice");
        await using var carol = await OnlineAsync("carol");
        await RosterSteps.SubscribeAsync(_alice, "alice", carol, "carol");

        await _alice.SendRawAsync("<presence><status>here</status></presence>");
        await _alice.SyncAsync();
        var bob = await _bob.SyncAsync();

        var presence = Assert.Single(bob);
        Assert.Equal(("alice@localhost/phone", "bob@localhost", "here"), (presence.GetAttribute("from"), presence.GetAttribute("to"), presence.Child("status", Ns.Client)!.Text));
        await carol.AssertNothingArrivesAsync();
    }

    [Fact]
    public async Task Initial_presence_brings_the_current_presence_of_contacts_the_user_is_subscribed_to()
    {
        await RosterSteps.SubscribeAsync(_alice, "alice", _bob, "bob");
        await _bob.SendRawAsync("<presence><show>away</show></presence>");
        await _bob.SyncAsync();
        await using var bobsPhone = await Server.LoginAsync("bob", "bob password", "phone");
        await bobsPhone.BecomeAvailableAsync();

        await _alice.SendRawAsync("<presence/>");
        var alice = await _alice.SyncAsync();

        var fromBob = alice.Where(p => p.GetAttribute("from")!.StartsWith("bob@", StringComparison.Ordinal)).ToList();
        Assert.Equal(["bob@localhost/laptop", "bob@localhost/phone"], fromBob.Select(p => p.GetAttribute("from")).Order());
        Assert.All(fromBob, p => Assert.Equal("alice@localhost/phone", p.GetAttribute("to")));
        Assert.Equal("away", fromBob.Single(p => p.GetAttribute("from") == "bob@localhost/laptop").Child("show", Ns.Client)!.Text);
    }

    [Fact]
    public async Task A_contact_who_did_not_approve_is_not_probed()
    {
        await using var carol = await OnlineAsync("carol");
        await _alice.SetRosterAsync("<item jid='carol@localhost'/>");
        await _alice.SendRawAsync("<presence to='carol@localhost' type='subscribe'/>");
        await _alice.SyncAsync();

        await _alice.SendRawAsync("<presence/>");
        var alice = await _alice.SyncAsync();

        Assert.DoesNotContain(alice, p => p.GetAttribute("from")!.StartsWith("carol@", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_presence_update_is_broadcast_without_probing_again()
    {
        await RosterSteps.SubscribeAsync(_bob, "bob", _alice, "alice");
        await RosterSteps.SubscribeAsync(_alice, "alice", _bob, "bob");
        await _alice.BecomeAvailableAsync();
        await _bob.SyncAsync();

        await _alice.SendRawAsync("<presence><show>dnd</show></presence>");
        var alice = await _alice.SyncAsync();
        var bob = await _bob.SyncAsync();

        Assert.Equal("alice@localhost/phone", Assert.Single(alice).GetAttribute("from"));
        Assert.Equal("dnd", Assert.Single(bob).Child("show", Ns.Client)!.Text);
    }

    [Fact]
    public async Task Unavailable_presence_is_broadcast_and_the_session_stops_getting_bare_jid_messages()
    {
        await RosterSteps.SubscribeAsync(_bob, "bob", _alice, "alice");
        await _alice.BecomeAvailableAsync();
        await _bob.SyncAsync();

        await _alice.SendRawAsync("<presence type='unavailable'><status>gone fishing</status></presence>");
        await _alice.SyncAsync();
        var bob = await _bob.SyncAsync();
        await _bob.SendRawAsync("<message to='alice@localhost' type='headline'><body>nobody reads this</body></message>");
        await _bob.SyncAsync();

        var unavailable = Assert.Single(bob);
        Assert.Equal(("unavailable", "alice@localhost/phone", "gone fishing"), (unavailable.GetAttribute("type"), unavailable.GetAttribute("from"), unavailable.Child("status", Ns.Client)!.Text));
        await _alice.AssertNothingArrivesAsync();
    }

    [Fact]
    public async Task Unavailable_from_a_session_that_never_was_available_is_not_broadcast()
    {
        await RosterSteps.SubscribeAsync(_bob, "bob", _alice, "alice");

        await _alice.SendRawAsync("<presence type='unavailable'/>");
        await _alice.SyncAsync();

        await _bob.AssertNothingArrivesAsync();
    }

    [Fact]
    public async Task Closing_the_stream_while_available_shows_the_session_unavailable_to_subscribers_and_siblings()
    {
        await RosterSteps.SubscribeAsync(_bob, "bob", _alice, "alice");
        await using var tablet = await Server.LoginAsync("alice", "alice password", "tablet");
        await tablet.BecomeAvailableAsync();
        await _alice.BecomeAvailableAsync();
        await _bob.SyncAsync();
        await tablet.SyncAsync();

        await _alice.SendRawAsync("</stream:stream>");

        foreach (var client in new[] { _bob, tablet })
        {
            var unavailable = await client.ReadElementAsync();
            Assert.Equal(("presence", "unavailable", "alice@localhost/phone"), (unavailable.Name, unavailable.GetAttribute("type"), unavailable.GetAttribute("from")));
        }
    }

    [Fact]
    public async Task A_dropped_connection_shows_the_session_unavailable()
    {
        await RosterSteps.SubscribeAsync(_bob, "bob", _alice, "alice");
        await _alice.BecomeAvailableAsync();
        await _bob.SyncAsync();

        await _alice.DisposeAsync();

        var unavailable = await _bob.ReadElementAsync();
        Assert.Equal(("unavailable", "alice@localhost/phone"), (unavailable.GetAttribute("type"), unavailable.GetAttribute("from")));
    }

    [Fact]
    public async Task Directed_presence_reaches_its_target_which_hears_the_unavailable_when_the_session_ends()
    {
        await _alice.SendRawAsync("<presence to='bob@localhost'><status>just for you</status></presence>");
        await _alice.SyncAsync();
        var bob = await _bob.SyncAsync();

        await _alice.SendRawAsync("</stream:stream>");
        var unavailable = await _bob.ReadElementAsync();

        Assert.Equal("just for you", Assert.Single(bob).Child("status", Ns.Client)!.Text);
        Assert.Equal(("unavailable", "alice@localhost/phone"), (unavailable.GetAttribute("type"), unavailable.GetAttribute("from")));
    }

    [Fact]
    public async Task Directed_presence_targets_hear_the_broadcast_unavailable()
    {
        await _alice.BecomeAvailableAsync();
        await _alice.SendRawAsync("<presence to='bob@localhost/laptop'/>");
        await _alice.SyncAsync();
        await _bob.SyncAsync();

        await _alice.SendRawAsync("<presence type='unavailable'/>");
        await _alice.SyncAsync();
        var bob = await _bob.SyncAsync();

        Assert.Equal(("unavailable", "bob@localhost/laptop"), (Assert.Single(bob).GetAttribute("type"), Assert.Single(bob).GetAttribute("to")));
    }

    [Fact]
    public async Task A_target_sent_directed_unavailable_is_forgotten()
    {
        await using var tablet = await Server.LoginAsync("alice", "alice password", "tablet");
        await tablet.BecomeAvailableAsync();
        await _alice.BecomeAvailableAsync();
        await _alice.SendRawAsync("<presence to='bob@localhost'/><presence to='bob@localhost' type='unavailable'/>");
        await _alice.SyncAsync();
        await _bob.SyncAsync();
        await tablet.SyncAsync();

        await _alice.SendRawAsync("</stream:stream>");
        var seenByTablet = await tablet.ReadElementAsync();

        Assert.Equal("unavailable", seenByTablet.GetAttribute("type"));
        await _bob.AssertNothingArrivesAsync();
    }

    [Fact]
    public async Task A_subscriber_sent_directed_presence_hears_the_unavailable_once()
    {
        await RosterSteps.SubscribeAsync(_bob, "bob", _alice, "alice");
        await _alice.BecomeAvailableAsync();
        await _alice.SendRawAsync("<presence to='bob@localhost'/>");
        await _alice.SyncAsync();
        await _bob.SyncAsync();

        await _alice.SendRawAsync("<presence type='unavailable'/>");
        await _alice.SyncAsync();
        var bob = await _bob.SyncAsync();

        Assert.Single(bob);
    }

    [Fact]
    public async Task A_probe_from_a_client_is_dropped()
    {
        await RosterSteps.SubscribeAsync(_alice, "alice", _bob, "bob");

        await _alice.SendRawAsync("<presence to='bob@localhost' type='probe'/>");

        Assert.Empty(await _alice.SyncAsync());
        await _bob.AssertNothingArrivesAsync();
    }

    [Theory]
    [InlineData("abc", "0")]
    [InlineData("1000", "127")]
    [InlineData("-999", "-128")]
    [InlineData("99999999999999999999999", "127")]
    [InlineData(" 5 ", "5")]
    [InlineData("+7", "7")]
    [InlineData("1.5", "0")]
    [InlineData("", "0")]
    public async Task A_bogus_priority_is_read_as_the_rfc_says_and_passed_on_corrected(string sent, string used)
    {
        await using var tablet = await Server.LoginAsync("alice", "alice password", "tablet");
        await tablet.BecomeAvailableAsync();

        await _alice.SendRawAsync($"<presence><priority>{sent}</priority><priority>3</priority></presence>");
        await _alice.SyncAsync();
        var atTablet = Assert.Single(await tablet.SyncAsync());

        Assert.Equal(used, Assert.Single(atTablet.Elements("priority", Ns.Client)).Text);
        var session = Server.Services.GetRequiredService<SessionRegistry>().Find(Jid.Parse("alice@localhost/phone"))!;
        Assert.Equal(int.Parse(used, System.Globalization.CultureInfo.InvariantCulture), session.Priority);
    }

    [Fact]
    public async Task An_unknown_presence_type_is_a_bad_request_and_goes_nowhere()
    {
        await _alice.SendRawAsync("<presence to='bob@localhost' type='available' id='t1'/>");

        var error = Assert.Single(await _alice.SyncAsync());

        Assert.Equal(("t1", "bad-request"), (error.GetAttribute("id"), error.ErrorCondition()));
        await _bob.AssertNothingArrivesAsync();
    }

    [Fact]
    public async Task A_presence_error_is_delivered_to_the_full_jid_and_never_answered()
    {
        await _alice.SendRawAsync("<presence to='bob@localhost/laptop' type='error'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>"
            + "<presence to='bob@localhost/gone' type='error'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>");

        Assert.Empty(await _alice.SyncAsync());
        Assert.Equal("error", Assert.Single(await _bob.SyncAsync()).GetAttribute("type"));
    }

    [Fact]
    public async Task Presence_to_a_remote_jid_or_an_account_that_does_not_exist_is_dropped_silently()
    {
        await _alice.SendRawAsync("<presence to='romeo@example.net'/><presence to='nobody@localhost'/>");

        Assert.Empty(await _alice.SyncAsync());
    }

    [Fact]
    public async Task Pending_requests_come_with_initial_presence_only()
    {
        await _alice.SendRawAsync("<presence to='carol@localhost' type='subscribe'/>");
        await _alice.SyncAsync();
        await using var carol = await Server.LoginAsync("carol", "carol password");

        await carol.SendRawAsync("<presence/>");
        var initial = await carol.SyncAsync();
        await carol.SendRawAsync("<presence><show>away</show></presence>");
        var update = await carol.SyncAsync();

        Assert.Single(initial, p => p.GetAttribute("type") == "subscribe");
        Assert.DoesNotContain(update, p => p.GetAttribute("type") == "subscribe");
    }

    [Fact]
    public async Task A_forged_from_on_presence_ends_the_stream_and_nobody_sees_it()
    {
        await RosterSteps.SubscribeAsync(_alice, "alice", _bob, "bob");

        await _alice.SendRawAsync("<presence from='bob@localhost/laptop'><status>I am bob</status></presence>");

        await _alice.ExpectStreamErrorAsync("invalid-from");
        await _bob.AssertNothingArrivesAsync();
    }

    /// <summary>A session that fetched the roster and sent initial presence.</summary>
    private async Task<TestClient> OnlineAsync(string username)
    {
        var client = await Server.LoginAsync(username, $"{username} password", "online");
        await client.GetRosterAsync();
        await client.BecomeAvailableAsync();
        return client;
    }
}

public sealed class PresenceTestsOnSqlite() : PresenceTests(DatabaseKind.Sqlite);

public sealed class PresenceTestsOnPostgres() : PresenceTests(DatabaseKind.PostgreSql);
