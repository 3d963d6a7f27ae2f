using Snikket.Configuration;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Server.IntegrationTests.Scenarios;
using Snikket.Xmpp;

namespace Snikket.Server.IntegrationTests.Modules.Csi;

/// <summary>
/// XEP-0352 Client State Indication over real sockets: presence waits while the client is
/// inactive, everything else does not. Presence noise is directed presence (RFC 6121 §4.6), which
/// reaches a full JID without a roster.
/// </summary>
public abstract class CsiTests(DatabaseKind database) : ServerTest(database)
{
    private const string CsiNs = "urn:xmpp:csi:0";
    private const string SmNs = "urn:xmpp:sm:3";
    private static readonly TimeSpan QuietWindow = TimeSpan.FromMilliseconds(300);

    private TestClient _bob = null!;

    private protected override async Task SetUpAsync()
    {
        _bob = await LoginAsync("bob", "bob password", "desk");
    }

    [Fact]
    public async Task Client_state_indication_is_offered_after_authentication()
    {
        await using var alice = await Server.LoginAsync("alice", "alice password", "phone");

        Assert.NotNull(alice.Features!.Child("csi", CsiNs));
    }

    [Fact]
    public async Task Presence_reaches_an_active_client_at_once()
    {
        await using var alice = ScenarioConnection.Start(await Server.LoginAsync("alice", "alice password", "phone"));

        await SendPresenceAsync("away");

        Assert.Equal("presence", (await NextAsync(alice)).Name);
    }

    [Fact]
    public async Task Presence_to_an_inactive_client_waits()
    {
        await using var alice = await InactiveAliceAsync();

        await SendPresenceAsync("away");
        await BarrierAsync(_bob);

        Assert.Null(await alice.NextAsync(QuietWindow));
    }

    [Fact]
    public async Task Becoming_active_delivers_what_waited_before_answering_the_next_request()
    {
        await using var alice = await InactiveAliceAsync();
        await SendPresenceAsync("away");
        await BarrierAsync(_bob);

        await alice.SendRawAsync($"<active xmlns='{CsiNs}'/><iq type='get' id='after' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");

        Assert.Equal("away", (await NextAsync(alice)).Child("show", Ns.Client)!.Text);
        Assert.Equal("after", (await NextAsync(alice)).GetAttribute("id"));
    }

    [Fact]
    public async Task Only_the_latest_presence_of_each_resource_is_delivered()
    {
        await using var alice = await InactiveAliceAsync();
        await using var bobPhone = await Server.LoginAsync("bob", "bob password", "phone");
        await SendPresenceAsync("away");
        await SendPresenceAsync("dnd");
        await bobPhone.SendRawAsync("<presence to='alice@localhost/phone'><show>xa</show></presence>");
        await BarrierAsync(_bob);
        await BarrierAsync(bobPhone);

        await alice.SendRawAsync($"<active xmlns='{CsiNs}'/><iq type='get' id='after' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");

        var first = await NextAsync(alice);
        var second = await NextAsync(alice);
        Assert.Equal("after", (await NextAsync(alice)).GetAttribute("id"));
        var shows = new Dictionary<string, string>
        {
            [first.GetAttribute("from")!] = first.Child("show", Ns.Client)!.Text,
            [second.GetAttribute("from")!] = second.Child("show", Ns.Client)!.Text,
        };
        Assert.Equal("dnd", shows["bob@localhost/desk"]);
        Assert.Equal("xa", shows["bob@localhost/phone"]);
    }

    [Fact]
    public async Task A_message_is_delivered_at_once_right_after_the_presence_that_waited()
    {
        await using var alice = await InactiveAliceAsync();
        await SendPresenceAsync("chat");

        await _bob.SendRawAsync("<message to='alice@localhost/phone' type='chat'><body>wake up</body></message>");

        Assert.Equal("presence", (await NextAsync(alice)).Name);
        Assert.Equal("wake up", (await NextAsync(alice)).Child("body", Ns.Client)!.Text);
    }

    [Fact]
    public async Task A_chat_state_is_delivered_at_once()
    {
        await using var alice = await InactiveAliceAsync();

        await _bob.SendRawAsync("<message to='alice@localhost/phone' type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>");

        Assert.Equal("message", (await NextAsync(alice)).Name);
    }

    [Fact]
    public async Task An_iq_request_is_delivered_at_once()
    {
        await using var alice = await InactiveAliceAsync();

        await _bob.SendRawAsync("<iq to='alice@localhost/phone' type='get' id='v1'><query xmlns='jabber:iq:version'/></iq>");

        Assert.Equal("v1", (await NextAsync(alice)).GetAttribute("id"));
    }

    [Fact]
    public async Task Presence_waits_again_after_the_client_goes_inactive_a_second_time()
    {
        await using var alice = await InactiveAliceAsync();
        await alice.SendRawAsync($"<active xmlns='{CsiNs}'/>");
        await alice.SendRawAsync($"<inactive xmlns='{CsiNs}'/><iq type='get' id='again' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        Assert.Equal("again", (await NextAsync(alice)).GetAttribute("id"));

        await SendPresenceAsync("away");
        await BarrierAsync(_bob);

        Assert.Null(await alice.NextAsync(QuietWindow));
    }

    [Fact]
    public async Task A_resumed_stream_is_active_and_gets_what_waited()
    {
        var alice = await Server.LoginAsync("alice", "alice password", "phone");
        await alice.SendRawAsync($"<enable xmlns='{SmNs}' resume='true'/>");
        var previd = (await alice.ReadUntilAsync("enabled")).GetAttribute("id");
        await alice.SendRawAsync($"<inactive xmlns='{CsiNs}'/>");
        await BarrierAsync(alice);
        await SendPresenceAsync("away");
        await BarrierAsync(_bob);

        await using var again = await Server.ConnectAsync();
        await again.NegotiateTlsAsync();
        await again.AuthenticateAsync("alice", "alice password");
        await again.SendRawAsync($"<resume xmlns='{SmNs}' previd='{previd}' h='1'/>");

        Assert.Equal("resumed", (await again.ReadElementAsync()).Name);
        Assert.Equal("away", (await again.ReadUntilAsync("presence")).Child("show", Ns.Client)!.Text);
        await alice.DisposeAsync();
    }

    [Fact]
    public async Task An_unknown_client_state_ends_the_stream()
    {
        await using var alice = await Server.LoginAsync("alice", "alice password", "phone");

        await alice.SendRawAsync($"<asleep xmlns='{CsiNs}'/>");

        await alice.ExpectStreamErrorAsync("unsupported-stanza-type");
    }

    private async Task<ScenarioConnection> InactiveAliceAsync()
    {
        var alice = ScenarioConnection.Start(await Server.LoginAsync("alice", "alice password", "phone"));
        await alice.SendRawAsync($"<inactive xmlns='{CsiNs}'/><iq type='get' id='inactive' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        Assert.Equal("inactive", (await NextAsync(alice)).GetAttribute("id"));
        return alice;
    }

    private Task SendPresenceAsync(string show) =>
        _bob.SendRawAsync($"<presence to='alice@localhost/phone'><show>{show}</show></presence>");

    /// <summary>Returns once everything <paramref name="client"/> sent before has been routed (its ping is answered).</summary>
    private static async Task BarrierAsync(TestClient client)
    {
        await client.SendRawAsync("<iq type='get' id='barrier' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        while ((await client.ReadUntilAsync("iq")).GetAttribute("id") != "barrier")
        {
        }
    }

    private static async Task<Element> NextAsync(ScenarioConnection connection)
    {
        var next = await connection.NextAsync(TestClient.Timeout);
        Assert.NotNull(next);
        Assert.NotNull(next.Stanza);
        return next.Stanza;
    }
}

public sealed class CsiTestsOnSqlite() : CsiTests(DatabaseKind.Sqlite);

public sealed class CsiTestsOnPostgres() : CsiTests(DatabaseKind.PostgreSql);
