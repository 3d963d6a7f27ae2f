using Snikket.Configuration;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Xmpp;

namespace Snikket.Server.IntegrationTests.Modules.Carbons;

/// <summary>XEP-0280 Message Carbons between real sessions: who gets which copy, and who gets none.</summary>
public abstract class CarbonsTests(DatabaseKind database) : ServerTest(database)
{
    private const string CarbonsNs = "urn:xmpp:carbons:2";
    private const string ForwardNs = "urn:xmpp:forward:0";

    private TestClient _alicePhone = null!;
    private TestClient _aliceLaptop = null!;
    private TestClient _bob = null!;

    private protected override async Task SetUpAsync()
    {
        _alicePhone = await LoginAsync("alice", "alice password", "phone");
        _aliceLaptop = await LoginAsync("alice", "alice password", "laptop");
        _bob = await LoginAsync("bob", "bob password", "desk");
        await _alicePhone.BecomeAvailableAsync();
        await _aliceLaptop.BecomeAvailableAsync();
        await _bob.BecomeAvailableAsync();
    }

    [Fact]
    public async Task The_server_advertises_carbons()
    {
        await _alicePhone.SendRawAsync("<iq type='get' id='d1' to='localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");

        var result = await _alicePhone.ReadUntilAsync("iq");

        Assert.Contains(
            result.Child("query", "http://jabber.org/protocol/disco#info")!.Elements("feature", "http://jabber.org/protocol/disco#info"),
            f => f.GetAttribute("var") == CarbonsNs);
    }

    [Fact]
    public async Task Enabling_and_enabling_again_are_both_answered_with_a_result()
    {
        Assert.Equal("result", (await EnableAsync(_alicePhone)).GetAttribute("type"));
        Assert.Equal("result", (await EnableAsync(_alicePhone)).GetAttribute("type"));
    }

    [Fact]
    public async Task Enabling_carbons_for_another_account_is_not_allowed()
    {
        await _alicePhone.SendRawAsync($"<iq type='set' id='e1' to='bob@localhost'><enable xmlns='{CarbonsNs}'/></iq>");

        var error = await _alicePhone.ReadUntilAsync("iq");

        Assert.Equal("error", error.GetAttribute("type"));
        Assert.NotNull(error.Child("error", Ns.Client)!.Child("not-allowed", Ns.Stanzas));
        await SendChatAsync(_bob, "alice@localhost/laptop", "still no copies");
        await _aliceLaptop.ReadUntilAsync("message");
        await ExpectNoMessageAsync(_alicePhone, _bob);
    }

    [Fact]
    public async Task A_message_to_another_resource_reaches_an_enabled_session_as_a_received_copy()
    {
        await EnableAsync(_alicePhone);

        await SendChatAsync(_bob, "alice@localhost/laptop", "for the laptop");

        var original = await _aliceLaptop.ReadUntilAsync("message");
        Assert.Equal("for the laptop", original.Child("body", Ns.Client)!.Text);
        var copy = await _alicePhone.ReadUntilAsync("message");
        Assert.Equal("alice@localhost", copy.GetAttribute("from"));
        Assert.Equal("alice@localhost/phone", copy.GetAttribute("to"));
        Assert.Equal("chat", copy.GetAttribute("type"));
        var forwarded = Forwarded(copy, "received");
        Assert.Equal("bob@localhost/desk", forwarded.GetAttribute("from"));
        Assert.Equal("alice@localhost/laptop", forwarded.GetAttribute("to"));
        Assert.Equal("for the laptop", forwarded.Child("body", Ns.Client)!.Text);
    }

    [Fact]
    public async Task A_session_without_carbons_gets_no_copy()
    {
        await SendChatAsync(_bob, "alice@localhost/laptop", "for the laptop");

        await _aliceLaptop.ReadUntilAsync("message");
        await ExpectNoMessageAsync(_alicePhone, _bob);
    }

    [Fact]
    public async Task Resources_that_got_the_original_get_no_copy()
    {
        await EnableAsync(_alicePhone);
        await EnableAsync(_aliceLaptop);

        await SendChatAsync(_bob, "alice@localhost", "to everyone");

        Assert.Null((await _alicePhone.ReadUntilAsync("message")).Child("received", CarbonsNs));
        Assert.Null((await _aliceLaptop.ReadUntilAsync("message")).Child("received", CarbonsNs));
        await ExpectNoMessageAsync(_alicePhone, _bob);
        await ExpectNoMessageAsync(_aliceLaptop, _bob);
    }

    [Fact]
    public async Task An_enabled_session_that_is_not_available_gets_a_copy_of_a_bare_jid_message()
    {
        await using var tablet = await Server.LoginAsync("alice", "alice password", "tablet");
        await EnableAsync(tablet);

        await SendChatAsync(_bob, "alice@localhost", "to the available ones");

        var copy = await tablet.ReadUntilAsync("message");
        Assert.Equal("to the available ones", Forwarded(copy, "received").Child("body", Ns.Client)!.Text);
    }

    [Fact]
    public async Task A_sent_message_reaches_the_senders_other_enabled_sessions_as_a_sent_copy()
    {
        await EnableAsync(_aliceLaptop);

        await SendChatAsync(_alicePhone, "bob@localhost", "hello bob");

        await _bob.ReadUntilAsync("message");
        var copy = await _aliceLaptop.ReadUntilAsync("message");
        Assert.Equal("alice@localhost", copy.GetAttribute("from"));
        Assert.Equal("alice@localhost/laptop", copy.GetAttribute("to"));
        var forwarded = Forwarded(copy, "sent");
        Assert.Equal("alice@localhost/phone", forwarded.GetAttribute("from"));
        Assert.Equal("bob@localhost", forwarded.GetAttribute("to"));
        Assert.Equal("hello bob", forwarded.Child("body", Ns.Client)!.Text);
    }

    [Fact]
    public async Task The_sending_session_gets_no_copy_of_its_own_message_even_with_carbons_enabled()
    {
        await EnableAsync(_alicePhone);

        await SendChatAsync(_alicePhone, "bob@localhost", "hello bob");

        await _bob.ReadUntilAsync("message");
        await ExpectNoMessageAsync(_alicePhone, _alicePhone);
    }

    [Fact]
    public async Task A_sent_copy_is_made_even_when_the_recipient_is_offline()
    {
        await Server.CreateAccountAsync("carol", "carol password");
        await EnableAsync(_aliceLaptop);

        await SendChatAsync(_alicePhone, "carol@localhost", "are you there?");

        var copy = await _aliceLaptop.ReadUntilAsync("message");
        Assert.Equal("are you there?", Forwarded(copy, "sent").Child("body", Ns.Client)!.Text);
    }

    [Fact]
    public async Task Every_other_enabled_resource_gets_exactly_one_copy()
    {
        await using var tablet = await Server.LoginAsync("alice", "alice password", "tablet");
        await tablet.BecomeAvailableAsync();
        await EnableAsync(_aliceLaptop);
        await EnableAsync(tablet);

        await SendChatAsync(_alicePhone, "bob@localhost", "one copy each");

        Assert.NotNull((await _aliceLaptop.ReadUntilAsync("message")).Child("sent", CarbonsNs));
        Assert.NotNull((await tablet.ReadUntilAsync("message")).Child("sent", CarbonsNs));
        await ExpectNoMessageAsync(_aliceLaptop, _alicePhone);
        await ExpectNoMessageAsync(tablet, _alicePhone);
    }

    [Fact]
    public async Task A_private_message_is_not_copied_to_either_side()
    {
        await EnableAsync(_aliceLaptop);
        await using var bobPhone = await Server.LoginAsync("bob", "bob password", "phone");
        await EnableAsync(bobPhone);

        await _alicePhone.SendRawAsync(
            $"<message to='bob@localhost/desk' type='chat'><body>just us</body><private xmlns='{CarbonsNs}'/><no-copy xmlns='urn:xmpp:hints'/></message>");

        await _bob.ReadUntilAsync("message");
        await ExpectNoMessageAsync(_aliceLaptop, _alicePhone);
        await ExpectNoMessageAsync(bobPhone, _alicePhone);
    }

    [Fact]
    public async Task The_private_element_is_delivered_unchanged()
    {
        await _alicePhone.SendRawAsync($"<message to='bob@localhost/desk' type='chat'><body>just us</body><private xmlns='{CarbonsNs}'/></message>");

        var message = await _bob.ReadUntilAsync("message");

        Assert.NotNull(message.Child("private", CarbonsNs));
    }

    [Fact]
    public async Task A_message_with_the_no_copy_hint_is_not_copied()
    {
        await EnableAsync(_aliceLaptop);

        await _alicePhone.SendRawAsync("<message to='bob@localhost' type='chat'><body>no copies</body><no-copy xmlns='urn:xmpp:hints'/></message>");

        await _bob.ReadUntilAsync("message");
        await ExpectNoMessageAsync(_aliceLaptop, _alicePhone);
    }

    [Fact]
    public async Task Disabling_stops_the_copies()
    {
        await EnableAsync(_aliceLaptop);
        await _aliceLaptop.SendRawAsync($"<iq type='set' id='off'><disable xmlns='{CarbonsNs}'/></iq>");
        Assert.Equal("result", (await _aliceLaptop.ReadUntilAsync("iq")).GetAttribute("type"));

        await SendChatAsync(_alicePhone, "bob@localhost", "no copy now");

        await _bob.ReadUntilAsync("message");
        await ExpectNoMessageAsync(_aliceLaptop, _alicePhone);
    }

    [Fact]
    public async Task A_normal_message_with_a_body_is_copied()
    {
        await EnableAsync(_aliceLaptop);

        await _alicePhone.SendRawAsync("<message to='bob@localhost'><body>a normal one</body></message>");

        await _bob.ReadUntilAsync("message");
        var copy = await _aliceLaptop.ReadUntilAsync("message");
        Assert.Null(copy.GetAttribute("type"));
        Assert.NotNull(Forwarded(copy, "sent"));
    }

    [Fact]
    public async Task A_chat_state_in_a_normal_message_is_copied()
    {
        await EnableAsync(_aliceLaptop);

        await _alicePhone.SendRawAsync("<message to='bob@localhost'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>");

        await _bob.ReadUntilAsync("message");
        Assert.NotNull(Forwarded(await _aliceLaptop.ReadUntilAsync("message"), "sent"));
    }

    [Fact]
    public async Task A_normal_message_without_a_body_or_chat_payload_is_not_copied()
    {
        await EnableAsync(_aliceLaptop);

        await _alicePhone.SendRawAsync("<message to='bob@localhost'><x xmlns='urn:example:bot'/></message>");

        await _bob.ReadUntilAsync("message");
        await ExpectNoMessageAsync(_aliceLaptop, _alicePhone);
    }

    [Fact]
    public async Task A_headline_is_not_copied()
    {
        await EnableAsync(_aliceLaptop);

        await _alicePhone.SendRawAsync("<message to='bob@localhost' type='headline'><body>news</body></message>");

        await _bob.ReadUntilAsync("message");
        await ExpectNoMessageAsync(_aliceLaptop, _alicePhone);
    }

    [Fact]
    public async Task A_carbon_sent_by_a_client_is_delivered_as_is_and_never_copied()
    {
        await EnableAsync(_alicePhone);

        await _bob.SendRawAsync(
            $"<message to='alice@localhost/laptop' type='chat'><received xmlns='{CarbonsNs}'><forwarded xmlns='{ForwardNs}'>"
            + "<message xmlns='jabber:client' from='carol@localhost/x' to='alice@localhost' type='chat'><body>forged</body></message>"
            + "</forwarded></received></message>");

        var delivered = await _aliceLaptop.ReadUntilAsync("message");
        Assert.Equal("bob@localhost/desk", delivered.GetAttribute("from"));
        await ExpectNoMessageAsync(_alicePhone, _bob);
    }

    [Fact]
    public async Task A_message_to_oneself_is_copied_once_and_not_to_the_sender()
    {
        await EnableAsync(_alicePhone);
        await EnableAsync(_aliceLaptop);
        await using var tablet = await Server.LoginAsync("alice", "alice password", "tablet");
        await EnableAsync(tablet);

        await SendChatAsync(_alicePhone, "alice@localhost/laptop", "note to self");

        Assert.Equal("note to self", (await _aliceLaptop.ReadUntilAsync("message")).Child("body", Ns.Client)!.Text);
        Assert.Equal("note to self", Forwarded(await tablet.ReadUntilAsync("message"), "received").Child("body", Ns.Client)!.Text);
        await ExpectNoMessageAsync(_alicePhone, _alicePhone);
        await ExpectNoMessageAsync(tablet, _alicePhone);
    }

    private static async Task<Element> EnableAsync(TestClient client)
    {
        await client.SendRawAsync($"<iq type='set' id='carbons-on'><enable xmlns='{CarbonsNs}'/></iq>");
        return await client.ReadUntilAsync("iq");
    }

    private static Task SendChatAsync(TestClient from, string to, string body) =>
        from.SendRawAsync($"<message to='{to}' type='chat'><body>{body}</body></message>");

    private static Element Forwarded(Element copy, string direction)
    {
        var wrapper = copy.Child(direction, CarbonsNs);
        Assert.NotNull(wrapper);
        var message = wrapper.Child("forwarded", ForwardNs)?.Child("message", Ns.Client);
        Assert.NotNull(message);
        return message;
    }

    /// <summary>
    /// No message is waiting for <paramref name="client"/>: once <paramref name="sender"/>'s last
    /// stanza has been fully routed (its ping answered), the next thing <paramref name="client"/>
    /// gets, presence aside, is the answer to its own ping.
    /// </summary>
    private static async Task ExpectNoMessageAsync(TestClient client, TestClient sender)
    {
        if (!ReferenceEquals(client, sender))
        {
            await sender.SendRawAsync("<iq type='get' id='sender-barrier' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
            while ((await sender.ReadUntilAsync("iq")).GetAttribute("id") != "sender-barrier")
            {
            }
        }

        await client.SendRawAsync("<iq type='get' id='barrier' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        Element next;
        do
        {
            next = await client.ReadElementAsync();
        }
        while (next.Name == "presence");

        Assert.True(next.GetAttribute("id") == "barrier", $"expected nothing, got {next}");
    }
}

public sealed class CarbonsTestsOnSqlite() : CarbonsTests(DatabaseKind.Sqlite);

public sealed class CarbonsTestsOnPostgres() : CarbonsTests(DatabaseKind.PostgreSql);
