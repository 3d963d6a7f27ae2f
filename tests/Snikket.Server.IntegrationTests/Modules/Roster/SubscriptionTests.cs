using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Snikket.Configuration;
using Snikket.Server.Accounts;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Server.Modules.Roster;
using Snikket.Server.Routing;
using Snikket.Server.Storage;
using Snikket.Xmpp;

namespace Snikket.Server.IntegrationTests.Modules.Roster;

/// <summary>RFC 6121 §3: the subscription state machine between two local accounts, pre-approval, and hostile subscription traffic.</summary>
public abstract class SubscriptionTests(DatabaseKind database) : IAsyncLifetime
{
    private TestServer _server = null!;
    private TestClient _alice = null!;
    private TestClient _bob = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(database);
        await _server.CreateAccountAsync("alice", "alice password");
        await _server.CreateAccountAsync("bob", "bob password");
        await _server.CreateAccountAsync("carol", "carol password");
        _alice = await OnlineAsync("alice", "phone");
        _bob = await OnlineAsync("bob", "laptop");
    }

    public async Task DisposeAsync()
    {
        await _alice.DisposeAsync();
        await _bob.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public void Pre_approval_is_advertised_after_authentication()
    {
        Assert.NotNull(_alice.Features!.Child("sub", "urn:xmpp:features:pre-approval"));
    }

    [Fact]
    public async Task A_subscribe_sets_ask_on_the_users_item_and_reaches_the_contact_from_the_bare_jid()
    {
        await _alice.SendRawAsync("<presence to='bob@localhost/laptop' type='subscribe' id='s1'><status>It is me</status></presence>");

        var alice = await _alice.SyncAsync();
        var bob = await _bob.SyncAsync();

        var item = Assert.Single(Pushed(alice));
        Assert.Equal(("bob@localhost", "none", "subscribe"), (item.GetAttribute("jid"), item.GetAttribute("subscription"), item.GetAttribute("ask")));
        var request = Assert.Single(bob);
        Assert.Equal(("subscribe", "alice@localhost", "bob@localhost"), (request.GetAttribute("type"), request.GetAttribute("from"), request.GetAttribute("to")));
        Assert.Equal("It is me", request.Child("status", Ns.Client)!.Text);
    }

    [Fact]
    public async Task Approving_a_request_gives_both_sides_their_half_and_the_contacts_presence()
    {
        await _alice.SendRawAsync("<presence to='bob@localhost' type='subscribe'/>");
        await _alice.SyncAsync();
        await _bob.SyncAsync();

        await _bob.SendRawAsync("<presence to='alice@localhost' type='subscribed'/>");
        var bob = await _bob.SyncAsync();
        var alice = await _alice.SyncAsync();

        Assert.Equal("from", Assert.Single(Pushed(bob)).GetAttribute("subscription"));
        var aliceItem = Assert.Single(Pushed(alice));
        Assert.Equal(("to", null), (aliceItem.GetAttribute("subscription"), aliceItem.GetAttribute("ask")));
        Assert.Equal("bob@localhost", Assert.Single(Presences(alice, "subscribed")).GetAttribute("from"));
        Assert.Equal("bob@localhost/laptop", Assert.Single(Presences(alice, null)).GetAttribute("from"));
    }

    [Fact]
    public async Task The_full_handshake_in_both_directions_ends_in_both()
    {
        await RosterSteps.SubscribeAsync(_alice, "alice", _bob, "bob");

        await RosterSteps.SubscribeAsync(_bob, "bob", _alice, "alice");

        Assert.Equal("both", (await _alice.GetRosterAsync())!.Item("bob@localhost").GetAttribute("subscription"));
        Assert.Equal("both", (await _bob.GetRosterAsync())!.Item("alice@localhost").GetAttribute("subscription"));
    }

    [Fact]
    public async Task A_request_to_an_offline_user_is_kept_and_delivered_on_each_initial_presence_until_answered()
    {
        await _alice.SendRawAsync("<presence to='carol@localhost' type='subscribe'><nick xmlns='http://jabber.org/protocol/nick'>Alice</nick></presence>");
        await _alice.SyncAsync();

        var first = await AvailableAgainAsync("carol");
        var second = await AvailableAgainAsync("carol");
        await using (var carol = await OnlineAsync("carol", "answer"))
        {
            await carol.SendRawAsync("<presence to='alice@localhost' type='subscribed'/>");
            await carol.SyncAsync();
        }

        var third = await AvailableAgainAsync("carol");

        foreach (var delivered in new[] { first, second })
        {
            var request = Assert.Single(Presences(delivered, "subscribe"));
            Assert.Equal("alice@localhost", request.GetAttribute("from"));
            Assert.Equal("Alice", request.Child("nick", "http://jabber.org/protocol/nick")!.Text);
        }

        Assert.Empty(Presences(third, "subscribe"));
    }

    [Fact]
    public async Task A_subscribe_storm_is_delivered_and_pushed_once()
    {
        await _alice.SendRawAsync(string.Concat(Enumerable.Repeat("<presence to='bob@localhost' type='subscribe'/>", 25)));

        var alice = await _alice.SyncAsync();
        var bob = await _bob.SyncAsync();

        Assert.Single(Pushed(alice));
        Assert.Single(Presences(bob, "subscribe"));
        Assert.Single(await _server.Services.GetRequiredService<RosterStore>().PendingRequestsAsync("bob", CancellationToken.None));
    }

    [Fact]
    public async Task Subscribing_to_oneself_stores_and_sends_nothing()
    {
        await _alice.SendRawAsync("<presence to='alice@localhost' type='subscribe'/><presence to='alice@localhost/phone' type='subscribed'/>");

        var alice = await _alice.SyncAsync();

        Assert.Empty(alice);
        Assert.Empty((await _alice.GetRosterAsync())!.Elements());
        Assert.Empty(await _server.Services.GetRequiredService<RosterStore>().PendingRequestsAsync("alice", CancellationToken.None));
    }

    [Fact]
    public async Task A_subscribe_to_an_account_that_does_not_exist_is_answered_unsubscribed_and_stores_nothing_for_it()
    {
        await _alice.SendRawAsync("<presence to='nobody@localhost' type='subscribe'/>");

        var alice = await _alice.SyncAsync();

        var pushed = Pushed(alice).ToList();
        Assert.Equal(2, pushed.Count);
        Assert.Equal("subscribe", pushed[0].GetAttribute("ask"));
        Assert.Equal(("none", null), (pushed[1].GetAttribute("subscription"), pushed[1].GetAttribute("ask")));
        Assert.Equal("nobody@localhost", Assert.Single(Presences(alice, "unsubscribed")).GetAttribute("from"));
        var store = _server.Services.GetRequiredService<RosterStore>();
        Assert.Empty((await store.GetAsync("nobody", CancellationToken.None)).Items);
        Assert.Empty(await store.PendingRequestsAsync("nobody", CancellationToken.None));
        Assert.Equal(0, await store.VersionAsync("nobody", CancellationToken.None));
    }

    [Fact]
    public async Task A_subscribed_without_a_request_does_not_reach_the_contact_or_change_its_roster()
    {
        await _bob.SendRawAsync("<presence to='alice@localhost' type='subscribed'/>");
        await _bob.SyncAsync();

        var alice = await _alice.SyncAsync();

        Assert.Empty(alice);
        Assert.Empty((await _alice.GetRosterAsync())!.Elements());
    }

    [Fact]
    public async Task A_subscribed_without_a_request_is_a_pre_approval_on_the_senders_item()
    {
        await _bob.SendRawAsync("<presence to='alice@localhost' type='subscribed'/>");

        var bob = await _bob.SyncAsync();

        var item = Assert.Single(Pushed(bob));
        Assert.Equal(("none", "true"), (item.GetAttribute("subscription"), item.GetAttribute("approved")));
    }

    [Fact]
    public async Task A_pre_approved_request_is_answered_at_once_without_asking_the_user()
    {
        await _bob.SendRawAsync("<presence to='alice@localhost' type='subscribed'/>");
        await _bob.SyncAsync();

        await _alice.SendRawAsync("<presence to='bob@localhost' type='subscribe'/>");
        var alice = await _alice.SyncAsync();
        var bob = await _bob.SyncAsync();

        Assert.Equal("to", Pushed(alice).Last().GetAttribute("subscription"));
        Assert.Single(Presences(alice, "subscribed"));
        Assert.Single(Presences(alice, null));
        var bobItem = Assert.Single(Pushed(bob));
        Assert.Equal(("from", null), (bobItem.GetAttribute("subscription"), bobItem.GetAttribute("approved")));
        Assert.Empty(Presences(bob, "subscribe"));
    }

    [Fact]
    public async Task An_unsubscribed_withdraws_a_pre_approval_and_is_not_routed()
    {
        await _bob.SendRawAsync("<presence to='alice@localhost' type='subscribed'/>");
        await _bob.SyncAsync();

        await _bob.SendRawAsync("<presence to='alice@localhost' type='unsubscribed'/>");
        var bob = await _bob.SyncAsync();
        var alice = await _alice.SyncAsync();

        Assert.Null(Assert.Single(Pushed(bob)).GetAttribute("approved"));
        Assert.Empty(alice);
    }

    [Fact]
    public async Task Denying_a_request_clears_the_askers_ask_and_the_request_is_not_sent_again()
    {
        await _alice.SendRawAsync("<presence to='bob@localhost' type='subscribe'/>");
        await _alice.SyncAsync();
        await _bob.SyncAsync();

        await _bob.SendRawAsync("<presence to='alice@localhost' type='unsubscribed'/>");
        await _bob.SyncAsync();
        var alice = await _alice.SyncAsync();

        var item = Assert.Single(Pushed(alice));
        Assert.Equal(("none", null), (item.GetAttribute("subscription"), item.GetAttribute("ask")));
        Assert.Single(Presences(alice, "unsubscribed"));
        Assert.Empty(await _server.Services.GetRequiredService<RosterStore>().PendingRequestsAsync("bob", CancellationToken.None));
    }

    [Fact]
    public async Task Cancelling_a_subscription_takes_the_contacts_half_away_and_shows_the_user_offline()
    {
        await RosterSteps.SubscribeAsync(_alice, "alice", _bob, "bob");

        await _bob.SendRawAsync("<presence to='alice@localhost' type='unsubscribed'/>");
        var bob = await _bob.SyncAsync();
        var alice = await _alice.SyncAsync();

        Assert.Equal("none", Assert.Single(Pushed(bob)).GetAttribute("subscription"));
        Assert.Equal("none", Assert.Single(Pushed(alice)).GetAttribute("subscription"));
        Assert.Single(Presences(alice, "unsubscribed"));
        Assert.Equal("bob@localhost/laptop", Assert.Single(Presences(alice, "unavailable")).GetAttribute("from"));
    }

    [Fact]
    public async Task Unsubscribing_ends_both_halves_and_the_contact_is_shown_offline()
    {
        await RosterSteps.SubscribeAsync(_alice, "alice", _bob, "bob");

        await _alice.SendRawAsync("<presence to='bob@localhost' type='unsubscribe'/>");
        var alice = await _alice.SyncAsync();
        var bob = await _bob.SyncAsync();

        Assert.Equal("none", Assert.Single(Pushed(alice)).GetAttribute("subscription"));
        Assert.Equal("bob@localhost/laptop", Assert.Single(Presences(alice, "unavailable")).GetAttribute("from"));
        Assert.Equal("none", Assert.Single(Pushed(bob)).GetAttribute("subscription"));
        Assert.Equal("alice@localhost", Assert.Single(Presences(bob, "unsubscribe")).GetAttribute("from"));
    }

    [Fact]
    public async Task A_repeated_subscribe_when_already_subscribed_is_answered_for_the_contact_with_its_presence()
    {
        await RosterSteps.SubscribeAsync(_alice, "alice", _bob, "bob");

        await _alice.SendRawAsync("<presence to='bob@localhost' type='subscribe'/>");
        var alice = await _alice.SyncAsync();
        var bob = await _bob.SyncAsync();

        // §3.1.3 answers 'subscribed' for bob; §3.1.6 keeps an answer nobody waits for from alice.
        Assert.Empty(Pushed(alice));
        Assert.Empty(Presences(alice, "subscribed"));
        Assert.Equal("bob@localhost/laptop", Assert.Single(Presences(alice, null)).GetAttribute("from"));
        Assert.Empty(bob);
    }

    [Fact]
    public async Task Removing_a_contact_ends_both_subscriptions_on_the_contacts_side()
    {
        await RosterSteps.SubscribeAsync(_alice, "alice", _bob, "bob");
        await RosterSteps.SubscribeAsync(_bob, "bob", _alice, "alice");

        var result = await _alice.SetRosterAsync("<item jid='bob@localhost' subscription='remove'/>");
        var alice = await _alice.SyncAsync();
        var bob = await _bob.SyncAsync();

        Assert.Equal("result", result.GetAttribute("type"));
        Assert.Equal("remove", Assert.Single(Pushed(alice)).GetAttribute("subscription"));
        Assert.Equal("none", Pushed(bob).Last().GetAttribute("subscription"));
        Assert.Single(Presences(bob, "unsubscribe"));
        Assert.Single(Presences(bob, "unsubscribed"));
        Assert.Equal("alice@localhost/phone", Assert.Single(Presences(bob, "unavailable")).GetAttribute("from"));
    }

    [Fact]
    public async Task Removing_a_contact_denies_its_pending_request()
    {
        await _bob.SendRawAsync("<presence to='alice@localhost' type='subscribe'/>");
        await _bob.SyncAsync();
        await _alice.SyncAsync();
        await _alice.SetRosterAsync("<item jid='bob@localhost'/>");
        await _alice.SyncAsync();

        await _alice.SetRosterAsync("<item jid='bob@localhost' subscription='remove'/>", "set2");
        await _alice.SyncAsync();
        var bob = await _bob.SyncAsync();

        Assert.Null(Pushed(bob).Last().GetAttribute("ask"));
        Assert.Empty(await _server.Services.GetRequiredService<RosterStore>().PendingRequestsAsync("alice", CancellationToken.None));
    }

    [Fact]
    public async Task Requests_crossing_each_other_settle_in_both_without_looping()
    {
        await _alice.SendRawAsync("<presence to='bob@localhost' type='subscribe'/>");
        await _bob.SendRawAsync("<presence to='alice@localhost' type='subscribe'/>");
        await _alice.SyncAsync();
        await _bob.SyncAsync();
        await _alice.SendRawAsync("<presence to='bob@localhost' type='subscribed'/>");
        await _bob.SendRawAsync("<presence to='alice@localhost' type='subscribed'/>");
        await _alice.SyncAsync();
        await _bob.SyncAsync();
        await _alice.SyncAsync();
        await _bob.SyncAsync();

        Assert.Empty(await _alice.SyncAsync());
        Assert.Empty(await _bob.SyncAsync());
        Assert.Equal("both", (await _alice.GetRosterAsync())!.Item("bob@localhost").GetAttribute("subscription"));
        Assert.Equal("both", (await _bob.GetRosterAsync())!.Item("alice@localhost").GetAttribute("subscription"));
    }

    [Fact]
    public async Task A_subscribe_to_a_remote_jid_keeps_ask_and_answers_remote_server_not_found()
    {
        await _alice.SendRawAsync("<presence to='romeo@example.net' type='subscribe' id='r1'/>");

        var alice = await _alice.SyncAsync();

        Assert.Equal("subscribe", Assert.Single(Pushed(alice)).GetAttribute("ask"));
        var error = Assert.Single(Presences(alice, "error"));
        Assert.Equal(("romeo@example.net", "alice@localhost/phone", "r1"), (error.GetAttribute("from"), error.GetAttribute("to"), error.GetAttribute("id")));
        Assert.Equal("remote-server-not-found", error.ErrorCondition());
    }

    [Fact]
    public async Task A_forged_from_on_a_subscription_ends_the_stream_and_changes_nothing()
    {
        await _alice.SendRawAsync("<presence from='bob@localhost' to='carol@localhost' type='subscribe'/>");

        await _alice.ExpectStreamErrorAsync("invalid-from");
        var store = _server.Services.GetRequiredService<RosterStore>();
        Assert.Empty(await store.PendingRequestsAsync("carol", CancellationToken.None));
        Assert.Empty((await store.GetAsync("bob", CancellationToken.None)).Items);
    }

    [Fact]
    public async Task Requests_beyond_the_pending_limit_are_dropped()
    {
        var factory = _server.Services.GetRequiredService<IDbContextFactory<SnikketDb>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            for (var i = 0; i < RosterStore.MaxPending; i++)
            {
                db.Add(new PendingSubscription { Username = "bob", Jid = $"asker{i}@example.org", Stanza = "<presence xmlns='jabber:client' type='subscribe'/>", CreatedAt = i });
            }

            await db.SaveChangesAsync();
        }

        await _alice.SendRawAsync("<presence to='bob@localhost' type='subscribe'/>");
        await _alice.SyncAsync();
        var bob = await _bob.SyncAsync();

        Assert.Empty(bob);
        Assert.Equal(RosterStore.MaxPending, (await _server.Services.GetRequiredService<RosterStore>().PendingRequestsAsync("bob", CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_deleted_accounts_requests_are_forgotten()
    {
        await _alice.SendRawAsync("<presence to='carol@localhost' type='subscribe'/>");
        await _alice.SyncAsync();

        await _server.Services.GetRequiredService<ServerEvents>().PublishAsync(new AccountDeleted("alice"), CancellationToken.None);

        Assert.Empty(await _server.Services.GetRequiredService<RosterStore>().PendingRequestsAsync("carol", CancellationToken.None));
    }

    private static IEnumerable<Element> Pushed(List<Element> received) =>
        received.Where(e => e.Name == "iq" && e.GetAttribute("type") == "set")
            .Select(e => e.Child("query", RosterSteps.RosterNs)!.Elements().Single());

    private static IEnumerable<Element> Presences(List<Element> received, string? type) =>
        received.Where(e => e.Name == "presence" && e.GetAttribute("type") == type);

    /// <summary>A session that fetched the roster and sent initial presence.</summary>
    private async Task<TestClient> OnlineAsync(string username, string resource)
    {
        var client = await _server.LoginAsync(username, $"{username} password", resource);
        await client.GetRosterAsync();
        await client.BecomeAvailableAsync();
        return client;
    }

    /// <summary>Logs in, becomes available, and returns what arrived for the new session; then logs out.</summary>
    private async Task<List<Element>> AvailableAgainAsync(string username)
    {
        await using var client = await _server.LoginAsync(username, $"{username} password", "again");
        await client.SendRawAsync("<presence/>");
        return await client.SyncAsync();
    }
}

public sealed class SubscriptionTestsOnSqlite() : SubscriptionTests(DatabaseKind.Sqlite);

public sealed class SubscriptionTestsOnPostgres() : SubscriptionTests(DatabaseKind.PostgreSql);
