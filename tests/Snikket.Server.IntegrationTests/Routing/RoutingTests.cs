using Microsoft.Extensions.DependencyInjection;
using Snikket.Configuration;
using Snikket.Server.Accounts;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Server.Modules.Roster;
using Snikket.Xmpp;

namespace Snikket.Server.IntegrationTests.Routing;

/// <summary>Stanzas between two logged-in accounts, server answers, and hostile input, over real sockets.</summary>
public abstract class RoutingTests(DatabaseKind database) : IAsyncLifetime
{
    private TestServer _server = null!;
    private TestClient _alice = null!;
    private TestClient _bob = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(database);
        await _server.CreateAccountAsync("alice", "alice password");
        await _server.CreateAccountAsync("bob", "bob password");
        _alice = await _server.LoginAsync("alice", "alice password", "phone");
        _bob = await _server.LoginAsync("bob", "bob password", "laptop");
        await _bob.BecomeAvailableAsync();
    }

    public async Task DisposeAsync()
    {
        await _alice.DisposeAsync();
        await _bob.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_message_to_a_bare_jid_arrives_with_the_senders_full_jid()
    {
        await _alice.SendRawAsync("<message to='bob@localhost' type='chat' id='m1'><body>hi bob &amp; co</body></message>");

        var message = await _bob.ReadElementAsync();

        Assert.Equal("message", message.Name);
        Assert.Equal("alice@localhost/phone", message.GetAttribute("from"));
        Assert.Equal("hi bob & co", message.Child("body", Ns.Client)!.Text);
    }

    [Fact]
    public async Task A_message_to_a_bare_jid_skips_sessions_that_sent_no_presence_or_a_negative_priority()
    {
        await using var quiet = await _server.LoginAsync("bob", "bob password", "quiet");
        await using var hidden = await _server.LoginAsync("bob", "bob password", "hidden");
        await hidden.BecomeAvailableAsync(priority: -1);

        await _alice.SendRawAsync("<message to='bob@localhost' type='chat'><body>to the available one</body></message>");

        Assert.Equal("to the available one", (await _bob.ReadUntilAsync("message")).Child("body", Ns.Client)!.Text);
        await AssertNothingArrivesAsync(quiet);
        await AssertNothingArrivesAsync(hidden);
    }

    [Fact]
    public async Task A_limited_user_cannot_reach_a_remote_domain()
    {
        await _server.Services.GetRequiredService<AccountStore>().SetRoleAsync("alice", AccountRole.Limited, CancellationToken.None);

        await _alice.SendRawAsync("<message to='romeo@example.org' type='chat' id='r1'><body>hello out there</body></message>");

        var error = (await _alice.ReadElementAsync()).Child("error", Ns.Client)!;
        Assert.NotNull(error.Child("not-allowed", Ns.Stanzas));
        Assert.Contains("administrator", error.Child("text", Ns.Stanzas)!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_limited_user_still_reaches_local_users()
    {
        await _server.Services.GetRequiredService<AccountStore>().SetRoleAsync("alice", AccountRole.Limited, CancellationToken.None);

        await _alice.SendRawAsync("<message to='bob@localhost' type='chat' id='l1'><body>hi neighbour</body></message>");

        Assert.Equal("hi neighbour", (await _bob.ReadUntilAsync("message")).Child("body", Ns.Client)!.Text);
    }

    [Fact]
    public async Task A_normal_user_to_a_remote_domain_learns_there_is_no_federation_yet()
    {
        await _alice.SendRawAsync("<iq to='example.org' type='get' id='v1'><query xmlns='jabber:iq:version'/></iq>");

        Assert.NotNull((await _alice.ReadElementAsync()).Child("error", Ns.Client)!.Child("remote-server-not-found", Ns.Stanzas));
    }

    [Fact]
    public async Task A_groupchat_message_to_a_bare_jid_is_service_unavailable()
    {
        await _alice.SendRawAsync("<message to='bob@localhost' type='groupchat' id='g1'><body>not a room</body></message>");

        var error = await _alice.ReadUntilAsync("message");

        Assert.Equal("error", error.GetAttribute("type"));
        Assert.NotNull(error.Child("error", Ns.Client)!.Child("service-unavailable", Ns.Stanzas));
        await AssertNothingArrivesAsync(_bob);
    }

    [Fact]
    public async Task A_message_to_a_full_jid_arrives()
    {
        await _alice.SendRawAsync("<message to='bob@localhost/laptop' type='chat'><body>direct</body></message>");

        Assert.Equal("direct", (await _bob.ReadElementAsync()).Child("body", Ns.Client)!.Text);
    }

    [Fact]
    public async Task A_message_to_an_offline_account_that_may_not_be_stored_bounces_with_service_unavailable()
    {
        await _server.CreateAccountAsync("carol", "carol password");

        await _alice.SendRawAsync("<message to='carol@localhost' type='chat' id='m2'><body>anyone?</body><no-store xmlns='urn:xmpp:hints'/></message>");

        var error = await _alice.ReadElementAsync();
        Assert.Equal("error", error.GetAttribute("type"));
        Assert.Equal("m2", error.GetAttribute("id"));
        Assert.Equal("carol@localhost", error.GetAttribute("from"));
        Assert.NotNull(error.Child("error", Ns.Client)!.Child("service-unavailable", Ns.Stanzas));
    }

    [Fact]
    public async Task A_forged_from_ends_the_stream_with_invalid_from_and_nothing_is_delivered()
    {
        await _alice.SendRawAsync("<message from='bob@localhost' to='bob@localhost' type='chat'><body>forged</body></message>");

        await _alice.ExpectStreamErrorAsync("invalid-from");
        await AssertNothingArrivesAsync(_bob);
    }

    [Fact]
    public async Task A_client_may_state_its_own_bare_jid_as_from()
    {
        await _alice.SendRawAsync("<message from='alice@localhost' to='bob@localhost' type='chat'><body>me</body></message>");

        Assert.Equal("alice@localhost/phone", (await _bob.ReadElementAsync()).GetAttribute("from"));
    }

    [Fact]
    public async Task Malformed_xml_is_not_well_formed_and_nothing_is_routed()
    {
        await _alice.SendRawAsync("<message to='bob@localhost' type='chat'><body>half</bod></message>");

        await _alice.ExpectStreamErrorAsync("not-well-formed");
        await AssertNothingArrivesAsync(_bob);
    }

    [Fact]
    public async Task A_comment_is_restricted_xml()
    {
        await _alice.SendRawAsync("<message to='bob@localhost'><!-- hi --><body>x</body></message>");

        await _alice.ExpectStreamErrorAsync("restricted-xml");
        await AssertNothingArrivesAsync(_bob);
    }

    [Fact]
    public async Task Invalid_utf8_is_rejected_and_nothing_is_routed()
    {
        await _alice.SendRawAsync([.. "<message to='bob@localhost'><body>"u8.ToArray(), 0xC3, 0x28, .. "</body></message>"u8.ToArray()]);

        var error = await _alice.ReadElementAsync();
        Assert.Equal("error", error.Name);
        await AssertNothingArrivesAsync(_bob);
    }

    [Fact]
    public async Task An_oversized_stanza_is_a_policy_violation_before_it_is_complete()
    {
        await _alice.SendRawAsync("<message to='bob@localhost'><body>" + new string('a', 300_000));

        await _alice.ExpectStreamErrorAsync("policy-violation");
        await AssertNothingArrivesAsync(_bob);
    }

    [Fact]
    public async Task A_non_stanza_element_is_unsupported_stanza_type()
    {
        await _alice.SendRawAsync("<foo xmlns='urn:example'/>");

        await _alice.ExpectStreamErrorAsync("unsupported-stanza-type");
    }

    [Fact]
    public async Task Ping_to_the_server_and_to_an_account_is_answered()
    {
        await _alice.SendRawAsync("<iq type='get' id='p1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        var server = await _alice.ReadElementAsync();
        await _alice.SendRawAsync("<iq type='get' id='p2'><ping xmlns='urn:xmpp:ping'/></iq>");
        var self = await _alice.ReadElementAsync();

        Assert.Equal(("result", "p1", "localhost"), (server.GetAttribute("type"), server.GetAttribute("id"), server.GetAttribute("from")));
        Assert.Equal(("result", "p2"), (self.GetAttribute("type"), self.GetAttribute("id")));
    }

    [Fact]
    public async Task Disco_info_lists_the_server_identity_and_features()
    {
        await _alice.SendRawAsync("<iq type='get' id='d1' to='localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");

        var query = (await _alice.ReadElementAsync()).Child("query", "http://jabber.org/protocol/disco#info")!;

        var identity = query.Child("identity", "http://jabber.org/protocol/disco#info")!;
        Assert.Equal(("server", "im"), (identity.GetAttribute("category"), identity.GetAttribute("type")));
        var features = query.Elements("feature", "http://jabber.org/protocol/disco#info").Select(f => f.GetAttribute("var")).ToList();
        Assert.Contains("urn:xmpp:ping", features);
        Assert.Contains("jabber:iq:version", features);
        Assert.Contains("http://jabber.org/protocol/disco#items", features);
    }

    [Fact]
    public async Task Disco_info_on_an_account_shows_a_registered_account_to_a_contact_it_shares_presence_with()
    {
        await _server.Services.GetRequiredService<RosterStore>().UpdateAsync(
            "bob", "alice@localhost", entry => entry.GetOrCreateItem().Subscription = Subscription.From, CancellationToken.None);

        await _alice.SendRawAsync("<iq type='get' id='d2' to='bob@localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");

        var reply = await _alice.ReadElementAsync();

        Assert.Equal("bob@localhost", reply.GetAttribute("from"));
        var identity = reply.Child("query", "http://jabber.org/protocol/disco#info")!.Child("identity", "http://jabber.org/protocol/disco#info")!;
        Assert.Equal(("account", "registered"), (identity.GetAttribute("category"), identity.GetAttribute("type")));
    }

    [Theory]
    [InlineData("http://jabber.org/protocol/disco#info")]
    [InlineData("http://jabber.org/protocol/disco#items")]
    public async Task Disco_on_an_account_tells_a_stranger_nothing_a_missing_account_would_not(string ns)
    {
        // Without the subscription, bob's account answers as one that does not exist: disco
        // cannot be used to find out who has an account here.
        await _alice.SendRawAsync($"<iq type='get' id='d3' to='bob@localhost'><query xmlns='{ns}'/></iq>");
        var existing = await _alice.ReadElementAsync();
        await _alice.SendRawAsync($"<iq type='get' id='d3' to='nobody@localhost'><query xmlns='{ns}'/></iq>");
        var missing = await _alice.ReadElementAsync();

        Assert.Equal("error", existing.GetAttribute("type"));
        Assert.Equal(Describe(missing), Describe(existing));

        static string Describe(Element reply) =>
            $"{reply.GetAttribute("type")} {string.Join(",", reply.Child("error", Ns.Client)?.Elements().Select(e => e.Name) ?? [])}";
    }

    [Fact]
    public async Task Version_names_the_software_without_the_operating_system()
    {
        await _alice.SendRawAsync("<iq type='get' id='v1' to='localhost'><query xmlns='jabber:iq:version'/></iq>");

        var query = (await _alice.ReadElementAsync()).Child("query", "jabber:iq:version")!;

        Assert.Equal("Snikket", query.Child("name", "jabber:iq:version")!.Text);
        Assert.False(string.IsNullOrEmpty(query.Child("version", "jabber:iq:version")!.Text));
        Assert.Null(query.Child("os", "jabber:iq:version"));
    }

    [Fact]
    public async Task An_unhandled_iq_gets_service_unavailable()
    {
        await _alice.SendRawAsync("<iq type='get' id='u1' to='localhost'><query xmlns='urn:example:nothing'/></iq>");

        var reply = await _alice.ReadElementAsync();

        Assert.Equal("error", reply.GetAttribute("type"));
        Assert.NotNull(reply.Child("error", Ns.Client)!.Child("service-unavailable", Ns.Stanzas));
    }

    [Fact]
    public async Task An_iq_without_a_child_is_a_bad_request()
    {
        await _alice.SendRawAsync("<iq type='get' id='b1' to='localhost'/>");

        var reply = await _alice.ReadElementAsync();

        Assert.NotNull(reply.Child("error", Ns.Client)!.Child("bad-request", Ns.Stanzas));
    }

    [Fact]
    public async Task An_iq_to_a_full_jid_is_delivered_and_its_result_routed_back()
    {
        await _alice.SendRawAsync("<iq type='get' id='q1' to='bob@localhost/laptop'><query xmlns='urn:example:q'/></iq>");
        var request = await _bob.ReadElementAsync();
        await _bob.SendRawAsync($"<iq type='result' id='q1' to='{request.GetAttribute("from")}'/>");

        var result = await _alice.ReadElementAsync();

        Assert.Equal(("result", "q1", "bob@localhost/laptop"), (result.GetAttribute("type"), result.GetAttribute("id"), result.GetAttribute("from")));
    }

    [Fact]
    public async Task An_error_is_never_answered_with_an_error()
    {
        await _alice.SendRawAsync("<message to='nobody@localhost' type='error' id='e1'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
        await _alice.SendRawAsync("<iq type='get' id='after' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");

        var next = await _alice.ReadElementAsync();

        Assert.Equal("after", next.GetAttribute("id"));
    }

    [Fact]
    public async Task A_malformed_to_address_is_jid_malformed()
    {
        await _alice.SendRawAsync("<message to='@@bad' id='j1'><body>x</body></message>");

        var reply = await _alice.ReadElementAsync();

        Assert.NotNull(reply.Child("error", Ns.Client)!.Child("jid-malformed", Ns.Stanzas));
    }

    [Fact]
    public async Task Closing_the_stream_is_answered_with_a_close_tag()
    {
        await _alice.SendRawAsync("</stream:stream>");

        var evt = await _alice.ReadEventAsync();

        Assert.Equal(StreamEventKind.Closed, evt.Kind);
        await _alice.ExpectDisconnectedAsync();
    }

    /// <summary>Proves a negative without sleeping: a ping sent after the fact is the next thing to arrive.</summary>
    private static async Task AssertNothingArrivesAsync(TestClient client)
    {
        await client.SendRawAsync("<iq type='get' id='barrier' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        var next = await client.ReadElementAsync();
        Assert.Equal("barrier", next.GetAttribute("id"));
    }
}

public sealed class RoutingTestsOnSqlite() : RoutingTests(DatabaseKind.Sqlite);

public sealed class RoutingTestsOnPostgres() : RoutingTests(DatabaseKind.PostgreSql);
