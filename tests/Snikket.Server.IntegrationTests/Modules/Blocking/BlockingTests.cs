using Microsoft.Extensions.DependencyInjection;
using Snikket.Configuration;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Server.Modules.Blocking;
using Snikket.Server.Sessions;
using Snikket.Xmpp;

namespace Snikket.Server.IntegrationTests.Modules.Blocking;

/// <summary>XEP-0191 blocking and XEP-0377 reports between real sessions: the list, its pushes, and enforcement both ways.</summary>
public abstract class BlockingTests(DatabaseKind database) : IAsyncLifetime
{
    private const string BlockingNs = "urn:xmpp:blocking";

    private TestServer _server = null!;
    private TestClient _alice = null!;
    private TestClient _bob = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(database);
        await _server.CreateAccountAsync("alice", "alice password");
        await _server.CreateAccountAsync("bob", "bob password");
        _alice = await _server.LoginAsync("alice", "alice password", "phone");
        _bob = await _server.LoginAsync("bob", "bob password", "desk");
        await _alice.BecomeAvailableAsync();
        await _bob.BecomeAvailableAsync();
    }

    public async Task DisposeAsync()
    {
        await _alice.DisposeAsync();
        await _bob.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task The_server_advertises_blocking_and_reporting()
    {
        await _alice.SendRawAsync("<iq type='get' id='d1' to='localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");

        var features = (await ReadIqAsync(_alice, "d1")).Child("query", "http://jabber.org/protocol/disco#info")!
            .Elements("feature", "http://jabber.org/protocol/disco#info").Select(f => f.GetAttribute("var")).ToList();

        Assert.Contains(BlockingNs, features);
        Assert.Contains("urn:xmpp:reporting:1", features);
    }

    [Fact]
    public async Task A_new_account_has_an_empty_block_list()
    {
        Assert.Empty(await BlocklistAsync(_alice));
    }

    [Fact]
    public async Task Blocked_jids_are_listed_in_canonical_form_once_each()
    {
        var result = await SetAsync(_alice, "<block xmlns='urn:xmpp:blocking'><item jid='Bob@LocalHost'/><item jid='bob@localhost'/><item jid='spam.example'/></block>");

        Assert.Equal("result", result.GetAttribute("type"));
        Assert.Equal(["bob@localhost", "spam.example"], await BlocklistAsync(_alice));
    }

    [Fact]
    public async Task A_block_is_pushed_to_every_session_that_asked_for_the_list_and_only_those()
    {
        await using var laptop = await _server.LoginAsync("alice", "alice password", "laptop");
        await using var watch = await _server.LoginAsync("alice", "alice password", "watch");
        await BlocklistAsync(laptop);

        await SetAsync(_alice, "<block xmlns='urn:xmpp:blocking'><item jid='bob@localhost'/></block>");

        var push = await laptop.ReadUntilAsync("iq");
        Assert.Equal("set", push.GetAttribute("type"));
        Assert.Equal("bob@localhost", push.Child("block", BlockingNs)!.Child("item", BlockingNs)!.GetAttribute("jid"));
        await ExpectNoIqAsync(watch);
    }

    [Fact]
    public async Task Unblocking_is_pushed_too()
    {
        await BlocklistAsync(_alice);
        await BlockBobAsync();
        await _alice.ReadUntilAsync("iq");

        await SetAsync(_alice, "<unblock xmlns='urn:xmpp:blocking'><item jid='bob@localhost'/></unblock>");

        var push = await _alice.ReadUntilAsync("iq");
        Assert.Equal("set", push.GetAttribute("type"));
        Assert.Equal("bob@localhost", push.Child("unblock", BlockingNs)!.Child("item", BlockingNs)!.GetAttribute("jid"));
    }

    [Fact]
    public async Task An_empty_unblock_clears_the_list_and_is_pushed_empty()
    {
        await SetAsync(_alice, "<block xmlns='urn:xmpp:blocking'><item jid='bob@localhost'/><item jid='carol@localhost'/></block>");
        await BlocklistAsync(_alice);

        await SetAsync(_alice, "<unblock xmlns='urn:xmpp:blocking'/>");

        var push = await _alice.ReadUntilAsync("iq");
        Assert.Equal("set", push.GetAttribute("type"));
        Assert.Empty(push.Child("unblock", BlockingNs)!.Elements());
        Assert.Empty(await BlocklistAsync(_alice));
    }

    [Fact]
    public async Task A_message_to_a_blocked_contact_is_refused_with_blocked()
    {
        await BlockBobAsync();

        await _alice.SendRawAsync("<message to='bob@localhost' type='chat' id='m1'><body>hello?</body></message>");

        var error = await _alice.ReadUntilAsync("message");
        Assert.Equal("error", error.GetAttribute("type"));
        Assert.Equal("m1", error.GetAttribute("id"));
        var condition = error.Child("error", Ns.Client)!;
        Assert.NotNull(condition.Child("not-acceptable", Ns.Stanzas));
        Assert.NotNull(condition.Child("blocked", "urn:xmpp:blocking:errors"));
        await ExpectNothingAsync(_bob, _alice);
    }

    [Fact]
    public async Task An_iq_to_a_blocked_contact_is_refused_with_blocked()
    {
        await BlockBobAsync();

        await _alice.SendRawAsync("<iq to='bob@localhost/desk' type='get' id='v1'><query xmlns='jabber:iq:version'/></iq>");

        var error = await ReadIqAsync(_alice, "v1");
        Assert.NotNull(error.Child("error", Ns.Client)!.Child("blocked", "urn:xmpp:blocking:errors"));
        await ExpectNothingAsync(_bob, _alice);
    }

    [Fact]
    public async Task Presence_to_a_blocked_contact_is_dropped_without_an_error()
    {
        await BlockBobAsync();

        await _alice.SendRawAsync("<presence to='bob@localhost/desk'/>");

        await ExpectNothingAsync(_bob, _alice);
        await ExpectNothingAsync(_alice, _alice);
    }

    [Fact]
    public async Task A_message_from_a_blocked_contact_is_refused_with_service_unavailable()
    {
        await BlockBobAsync();

        await _bob.SendRawAsync("<message to='alice@localhost' type='chat' id='m2'><body>let me in</body></message>");

        var error = await _bob.ReadUntilAsync("message");
        Assert.Equal("error", error.GetAttribute("type"));
        Assert.Equal("alice@localhost", error.GetAttribute("from"));
        Assert.NotNull(error.Child("error", Ns.Client)!.Child("service-unavailable", Ns.Stanzas));
        Assert.Null(error.Child("error", Ns.Client)!.Child("blocked", "urn:xmpp:blocking:errors"));
        await ExpectNothingAsync(_alice, _bob);
    }

    [Fact]
    public async Task An_iq_from_a_blocked_contact_is_refused_and_a_response_is_dropped()
    {
        await BlockBobAsync();

        await _bob.SendRawAsync("<iq to='alice@localhost/phone' type='get' id='v2'><query xmlns='jabber:iq:version'/></iq>");
        await _bob.SendRawAsync("<iq to='alice@localhost/phone' type='result' id='v3'/>");

        Assert.NotNull((await ReadIqAsync(_bob, "v2")).Child("error", Ns.Client)!.Child("service-unavailable", Ns.Stanzas));
        await ExpectNothingAsync(_alice, _bob);
        await ExpectNothingAsync(_bob, _bob);
    }

    [Fact]
    public async Task Presence_from_a_blocked_contact_is_dropped_silently()
    {
        await BlockBobAsync();

        await _bob.SendRawAsync("<presence to='alice@localhost/phone'><show>chat</show></presence>");

        await ExpectNothingAsync(_alice, _bob);
        await ExpectNothingAsync(_bob, _bob);
    }

    [Fact]
    public async Task A_subscription_request_from_a_blocked_contact_is_neither_delivered_nor_kept()
    {
        await BlockBobAsync();

        await _bob.SendRawAsync("<presence to='alice@localhost' type='subscribe'/>");
        await ExpectNothingAsync(_alice, _bob);
        await SetAsync(_alice, "<unblock xmlns='urn:xmpp:blocking'/>");
        await _alice.DisposeAsync();
        await WaitForNoSessionAsync("alice");
        _alice = await _server.LoginAsync("alice", "alice password", "phone");
        await _alice.SendRawAsync("<presence/>");

        // RFC 6121 §3.1.3: a kept request would be delivered again with Alice's initial presence.
        Assert.DoesNotContain(await ReceivedBeforeBarrierAsync(_alice), s => s.GetAttribute("type") == "subscribe");
    }

    [Fact]
    public async Task Approving_a_subscription_of_a_blocked_contact_is_not_routed()
    {
        await _bob.SendRawAsync("<presence to='alice@localhost' type='subscribe'/>");
        Assert.Equal("subscribe", (await _alice.ReadUntilAsync("presence")).GetAttribute("type"));
        await BlockBobAsync();

        await _alice.SendRawAsync("<presence to='bob@localhost' type='subscribed'/>");
        await ExpectNothingAsync(_bob, _alice);

        // Had the approval been processed, Bob's roster would show a subscription to Alice (§3.1.5).
        await _bob.SendRawAsync("<iq type='get' id='roster'><query xmlns='jabber:iq:roster'/></iq>");
        var item = (await ReadIqAsync(_bob, "roster")).Child("query", "jabber:iq:roster")!.Elements("item", "jabber:iq:roster").Single(i => i.GetAttribute("jid") == "alice@localhost");
        Assert.Equal("none", item.GetAttribute("subscription"));
    }

    [Fact]
    public async Task A_message_from_a_blocked_contact_is_not_kept_for_an_offline_user()
    {
        await BlockBobAsync();
        await _alice.DisposeAsync();
        await WaitForNoSessionAsync("alice");

        await _bob.SendRawAsync("<message to='alice@localhost' type='chat' id='m3'><body>while you were out</body></message>");

        Assert.NotNull((await _bob.ReadUntilAsync("message")).Child("error", Ns.Client)!.Child("service-unavailable", Ns.Stanzas));
        _alice = await _server.LoginAsync("alice", "alice password", "phone");
        await _alice.SendRawAsync("<presence/>");
        await ExpectNothingAsync(_alice, _alice, ignorePresence: true);
    }

    [Fact]
    public async Task The_block_list_survives_a_reconnection()
    {
        await BlockBobAsync();
        await _alice.DisposeAsync();
        await WaitForNoSessionAsync("alice");

        _alice = await _server.LoginAsync("alice", "alice password", "phone");
        await _alice.BecomeAvailableAsync();
        await _bob.SendRawAsync("<message to='alice@localhost' type='chat' id='m4'><body>still?</body></message>");

        Assert.Equal(["bob@localhost"], await BlocklistAsync(_alice));
        Assert.Equal("error", (await _bob.ReadUntilAsync("message")).GetAttribute("type"));
    }

    [Fact]
    public async Task A_block_applies_at_once_to_the_accounts_other_sessions()
    {
        await using var laptop = await _server.LoginAsync("alice", "alice password", "laptop");
        await BlockBobAsync();

        await _bob.SendRawAsync("<message to='alice@localhost/laptop' type='chat' id='m5'><body>laptop?</body></message>");
        await laptop.SendRawAsync("<message to='bob@localhost' type='chat' id='m6'><body>no</body></message>");

        Assert.Equal("error", (await _bob.ReadUntilAsync("message")).GetAttribute("type"));
        Assert.NotNull((await laptop.ReadUntilAsync("message")).Child("error", Ns.Client)!.Child("blocked", "urn:xmpp:blocking:errors"));
    }

    [Fact]
    public async Task After_unblocking_messages_flow_again()
    {
        await BlockBobAsync();
        await SetAsync(_alice, "<unblock xmlns='urn:xmpp:blocking'><item jid='bob@localhost'/></unblock>");

        await _bob.SendRawAsync("<message to='alice@localhost' type='chat'><body>friends again</body></message>");

        Assert.Equal("friends again", (await _alice.ReadUntilAsync("message")).Child("body", Ns.Client)!.Text);
    }

    [Fact]
    public async Task Blocking_a_full_jid_blocks_only_that_resource()
    {
        await using var bobPhone = await _server.LoginAsync("bob", "bob password", "phone");
        await SetAsync(_alice, "<block xmlns='urn:xmpp:blocking'><item jid='bob@localhost/desk'/></block>");

        await _bob.SendRawAsync("<message to='alice@localhost' type='chat'><body>from the desk</body></message>");
        await bobPhone.SendRawAsync("<message to='alice@localhost' type='chat'><body>from the phone</body></message>");

        Assert.Equal("error", (await _bob.ReadUntilAsync("message")).GetAttribute("type"));
        Assert.Equal("from the phone", (await _alice.ReadUntilAsync("message")).Child("body", Ns.Client)!.Text);
    }

    [Fact]
    public async Task Blocking_the_own_domain_blocks_other_users_but_not_the_server_or_the_own_account()
    {
        await using var laptop = await _server.LoginAsync("alice", "alice password", "laptop");
        await SetAsync(_alice, "<block xmlns='urn:xmpp:blocking'><item jid='localhost'/></block>");

        await _bob.SendRawAsync("<message to='alice@localhost/phone' type='chat'><body>domain?</body></message>");
        await laptop.SendRawAsync("<message to='alice@localhost/phone' type='chat'><body>from myself</body></message>");

        Assert.Equal("error", (await _bob.ReadUntilAsync("message")).GetAttribute("type"));
        Assert.Equal("from myself", (await _alice.ReadUntilAsync("message")).Child("body", Ns.Client)!.Text);
        await _alice.SendRawAsync("<iq type='get' id='p1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        Assert.Equal("result", (await ReadIqAsync(_alice, "p1")).GetAttribute("type"));
    }

    [Fact]
    public async Task A_blocked_contact_sees_the_user_go_offline()
    {
        await SetAsync(_alice, "<block xmlns='urn:xmpp:blocking'><item jid='bob@localhost'/></block>");

        var presence = await _bob.ReadUntilAsync("presence");

        Assert.Equal("unavailable", presence.GetAttribute("type"));
        Assert.Equal("alice@localhost/phone", presence.GetAttribute("from"));
    }

    [Fact]
    public async Task Presence_the_server_fans_out_from_a_blocked_contact_is_not_delivered()
    {
        await BlockBobAsync();

        // What the presence module does for a broadcast (RFC 6121 §4.4.2): the contact's presence
        // handed to each of the user's sessions.
        Session("alice@localhost/phone").Send(Broadcast("bob@localhost/desk", "alice@localhost"));

        await ExpectNothingAsync(_alice, _alice);
    }

    [Fact]
    public async Task Presence_the_server_fans_out_from_the_user_to_a_contact_they_blocked_is_not_delivered()
    {
        await BlockBobAsync();

        Session("bob@localhost/desk").Send(Broadcast("alice@localhost/phone", "bob@localhost"));

        await ExpectNothingAsync(_bob, _bob);
    }

    [Fact]
    public async Task Presence_the_server_fans_out_between_contacts_who_did_not_block_each_other_is_delivered()
    {
        await SetAsync(_alice, "<block xmlns='urn:xmpp:blocking'><item jid='carol@localhost'/></block>");

        Session("bob@localhost/desk").Send(Broadcast("alice@localhost/phone", "bob@localhost"));

        Assert.Equal("alice@localhost/phone", (await _bob.ReadUntilAsync("presence")).GetAttribute("from"));
    }

    [Theory]
    [InlineData("<block xmlns='urn:xmpp:blocking'/>", "bad-request")]
    [InlineData("<block xmlns='urn:xmpp:blocking'><item/></block>", "bad-request")]
    [InlineData("<block xmlns='urn:xmpp:blocking'><item jid='bob@localhost'/><item jid='@@bad'/></block>", "jid-malformed")]
    [InlineData("<block xmlns='urn:xmpp:blocking'><item jid=''/></block>", "jid-malformed")]
    [InlineData("<unblock xmlns='urn:xmpp:blocking'><item jid='a@b@c'/></unblock>", "jid-malformed")]
    public async Task A_bad_request_is_refused_and_changes_nothing(string payload, string condition)
    {
        await SetAsync(_alice, "<block xmlns='urn:xmpp:blocking'><item jid='carol@localhost'/></block>");

        var error = await SetAsync(_alice, payload);

        Assert.Equal("error", error.GetAttribute("type"));
        Assert.NotNull(error.Child("error", Ns.Client)!.Child(condition, Ns.Stanzas));
        Assert.Equal(["carol@localhost"], await BlocklistAsync(_alice));
    }

    [Fact]
    public async Task Another_accounts_block_list_is_forbidden()
    {
        await _bob.SendRawAsync("<iq type='get' id='b1' to='alice@localhost'><blocklist xmlns='urn:xmpp:blocking'/></iq>");
        await _bob.SendRawAsync("<iq type='set' id='b2' to='alice@localhost'><block xmlns='urn:xmpp:blocking'><item jid='carol@localhost'/></block></iq>");

        Assert.NotNull((await ReadIqAsync(_bob, "b1")).Child("error", Ns.Client)!.Child("forbidden", Ns.Stanzas));
        Assert.NotNull((await ReadIqAsync(_bob, "b2")).Child("error", Ns.Client)!.Child("forbidden", Ns.Stanzas));
        Assert.Empty(await BlocklistAsync(_alice));
    }

    [Fact]
    public async Task A_block_list_is_bounded()
    {
        var full = string.Concat(Enumerable.Range(0, BlockingModule.MaxItems).Select(i => $"<item jid='spammer{i}@spam.example'/>"));
        Assert.Equal("result", (await SetAsync(_alice, $"<block xmlns='urn:xmpp:blocking'>{full}</block>")).GetAttribute("type"));

        var error = await SetAsync(_alice, "<block xmlns='urn:xmpp:blocking'><item jid='one-more@spam.example'/></block>");

        Assert.NotNull(error.Child("error", Ns.Client)!.Child("policy-violation", Ns.Stanzas));
        Assert.Equal(BlockingModule.MaxItems, (await BlocklistAsync(_alice)).Count);
    }

    [Fact]
    public async Task Too_many_items_in_one_request_are_refused()
    {
        var items = string.Concat(Enumerable.Range(0, BlockingModule.MaxItems + 1).Select(i => $"<item jid='spammer{i}@spam.example'/>"));

        var error = await SetAsync(_alice, $"<block xmlns='urn:xmpp:blocking'>{items}</block>");

        Assert.NotNull(error.Child("error", Ns.Client)!.Child("policy-violation", Ns.Stanzas));
        Assert.Empty(await BlocklistAsync(_alice));
    }

    [Fact]
    public async Task A_report_with_the_block_is_kept_for_the_administrators()
    {
        await SetAsync(
            _alice,
            "<block xmlns='urn:xmpp:blocking'><item jid='Spammer@Spam.Example'><report xmlns='urn:xmpp:reporting:1' reason='urn:xmpp:reporting:spam'>"
            + "<stanza-id xmlns='urn:xmpp:sid:0' by='alice@localhost' id='28482-98726'/><text xml:lang='en'>  Buy my pills  </text></report></item></block>");

        var report = Assert.Single(await _server.Services.GetRequiredService<BlockingStore>().ReportsAsync(CancellationToken.None));

        Assert.Equal("alice", report.Reporter);
        Assert.Equal("spammer@spam.example", report.Jid);
        Assert.Equal("urn:xmpp:reporting:spam", report.Reason);
        Assert.Equal("Buy my pills", report.Text);
        Assert.Equal("alice@localhost 28482-98726", report.StanzaIds);
    }

    [Fact]
    public async Task A_report_in_the_older_form_is_kept_too()
    {
        await SetAsync(_alice, "<block xmlns='urn:xmpp:blocking'><item jid='spammer@spam.example'><report xmlns='urn:xmpp:reporting:0'><abuse/><text>rude</text></report></item></block>");

        var report = Assert.Single(await _server.Services.GetRequiredService<BlockingStore>().ReportsAsync(CancellationToken.None));

        Assert.Equal("urn:xmpp:reporting:abuse", report.Reason);
        Assert.Equal("rude", report.Text);
    }

    [Fact]
    public async Task A_report_without_a_reason_is_ignored_but_the_block_stands()
    {
        var result = await SetAsync(_alice, "<block xmlns='urn:xmpp:blocking'><item jid='bob@localhost'><report xmlns='urn:xmpp:reporting:1'/></item></block>");

        Assert.Equal("result", result.GetAttribute("type"));
        Assert.Equal(["bob@localhost"], await BlocklistAsync(_alice));
        Assert.Empty(await _server.Services.GetRequiredService<BlockingStore>().ReportsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Reporting_the_same_jid_again_replaces_the_earlier_report()
    {
        await SetAsync(_alice, "<block xmlns='urn:xmpp:blocking'><item jid='bob@localhost'><report xmlns='urn:xmpp:reporting:1' reason='urn:xmpp:reporting:spam'/></item></block>");

        await SetAsync(_alice, "<block xmlns='urn:xmpp:blocking'><item jid='bob@localhost'><report xmlns='urn:xmpp:reporting:1' reason='urn:xmpp:reporting:abuse'/></item></block>");

        Assert.Equal("urn:xmpp:reporting:abuse", Assert.Single(await _server.Services.GetRequiredService<BlockingStore>().ReportsAsync(CancellationToken.None)).Reason);
    }

    private async Task BlockBobAsync()
    {
        var result = await SetAsync(_alice, "<block xmlns='urn:xmpp:blocking'><item jid='bob@localhost'/></block>");
        Assert.Equal("result", result.GetAttribute("type"));

        // §3.3: Bob now sees Alice's available session go offline.
        Assert.Equal("unavailable", (await _bob.ReadUntilAsync("presence")).GetAttribute("type"));
    }

    private static Element Broadcast(string from, string to) =>
        new Element("presence", Ns.Client).SetAttribute("from", from).SetAttribute("to", to);

    private ClientSession Session(string jid) =>
        _server.Services.GetRequiredService<SessionRegistry>().Find(Jid.Parse(jid)) ?? throw new InvalidOperationException(jid + " is not bound");

    private async Task WaitForNoSessionAsync(string username)
    {
        var registry = _server.Services.GetRequiredService<SessionRegistry>();
        for (var i = 0; i < 200 && registry.SessionsOf(Jid.Parse(username + "@localhost")).Count > 0; i++)
        {
            await Task.Delay(25);
        }

        Assert.Empty(registry.SessionsOf(Jid.Parse(username + "@localhost")));
    }

    private static async Task<List<string>> BlocklistAsync(TestClient client)
    {
        await client.SendRawAsync("<iq type='get' id='list'><blocklist xmlns='urn:xmpp:blocking'/></iq>");
        var result = await ReadIqAsync(client, "list");
        return [.. result.Child("blocklist", BlockingNs)!.Elements("item", BlockingNs).Select(i => i.GetAttribute("jid")!)];
    }

    /// <summary>Sends an IQ-set with <paramref name="payload"/> and returns its answer.</summary>
    private static async Task<Element> SetAsync(TestClient client, string payload)
    {
        await client.SendRawAsync($"<iq type='set' id='set'>{payload}</iq>");
        return await ReadIqAsync(client, "set");
    }

    private static async Task<Element> ReadIqAsync(TestClient client, string id)
    {
        while (true)
        {
            var iq = await client.ReadUntilAsync("iq");
            if (iq.GetAttribute("id") == id)
            {
                return iq;
            }
        }
    }

    /// <summary>Everything <paramref name="client"/> gets before the answer to a ping it sends now.</summary>
    private static async Task<List<Element>> ReceivedBeforeBarrierAsync(TestClient client)
    {
        await client.SendRawAsync("<iq type='get' id='barrier' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        var received = new List<Element>();
        while (await client.ReadElementAsync() is var next && next.GetAttribute("id") != "barrier")
        {
            received.Add(next);
        }

        return received;
    }

    private static async Task ExpectNoIqAsync(TestClient client)
    {
        await client.SendRawAsync("<iq type='get' id='barrier' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        Assert.Equal("barrier", (await client.ReadUntilAsync("iq")).GetAttribute("id"));
    }

    /// <summary>
    /// Nothing is waiting for <paramref name="client"/> once <paramref name="sender"/>'s stanzas
    /// have been routed: the next thing it gets (presence aside, if asked) answers its own ping.
    /// </summary>
    private static async Task ExpectNothingAsync(TestClient client, TestClient sender, bool ignorePresence = false)
    {
        if (!ReferenceEquals(client, sender))
        {
            await sender.SendRawAsync("<iq type='get' id='sender-barrier' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
            await ReadIqAsync(sender, "sender-barrier");
        }

        await client.SendRawAsync("<iq type='get' id='barrier' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        Element next;
        do
        {
            next = await client.ReadElementAsync();
        }
        while (ignorePresence && next.Name == "presence");

        Assert.True(next.GetAttribute("id") == "barrier", $"expected nothing, got {next}");
    }
}

public sealed class BlockingTestsOnSqlite() : BlockingTests(DatabaseKind.Sqlite);

public sealed class BlockingTestsOnPostgres() : BlockingTests(DatabaseKind.PostgreSql);
