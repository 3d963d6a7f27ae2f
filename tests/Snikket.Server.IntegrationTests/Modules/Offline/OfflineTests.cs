using Microsoft.Extensions.DependencyInjection;
using Snikket.Configuration;
using Snikket.Server.Accounts;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Server.Modules.Offline;
using Snikket.Server.Routing;
using Snikket.Xmpp;

namespace Snikket.Server.IntegrationTests.Modules.Offline;

/// <summary>XEP-0160 offline storage: store, deliver at initial presence, limits, and no loss with stream management.</summary>
public abstract class OfflineTests(DatabaseKind database) : ServerTest(database)
{
    private const string DelayNs = "urn:xmpp:delay";
    private const string SidNs = "urn:xmpp:sid:0";

    private TestClient _alice = null!;

    private protected override IReadOnlyList<(string Username, string Password)> Accounts =>
        [("alice", "alice password"), ("bob", "bob password"), ("carol", "carol password")];

    private protected override async Task SetUpAsync()
    {
        _alice = await LoginAsync("alice", "alice password", "phone");
        await _alice.BecomeAvailableAsync();
    }

    [Fact]
    public async Task A_message_to_an_offline_user_is_delivered_with_a_delay_at_initial_presence()
    {
        await SendAndSettleAsync(_alice, "<message to='bob@localhost' type='chat' id='o1'><body>while you were out</body></message>");

        await using var bob = await Server.LoginAsync("bob", "bob password", "laptop");
        await bob.SendRawAsync("<presence/>");
        var message = await bob.ReadUntilAsync("message");

        Assert.Equal(("o1", "alice@localhost/phone"), (message.GetAttribute("id"), message.GetAttribute("from")));
        Assert.Equal("while you were out", message.Child("body", Ns.Client)!.Text);
        var delay = message.Child("delay", DelayNs)!;
        Assert.Equal("localhost", delay.GetAttribute("from"));
        Assert.NotNull(delay.GetAttribute("stamp"));
    }

    [Fact]
    public async Task Offline_messages_arrive_in_order_and_only_once()
    {
        for (var i = 0; i < 5; i++)
        {
            await SendAndSettleAsync(_alice, $"<message to='bob@localhost' type='chat' id='n{i}'><body>{i}</body></message>");
        }

        await using (var bob = await Server.LoginAsync("bob", "bob password", "laptop"))
        {
            await bob.SendRawAsync("<presence/>");
            var ids = new List<string?>();
            for (var i = 0; i < 5; i++)
            {
                ids.Add((await bob.ReadUntilAsync("message")).GetAttribute("id"));
            }

            Assert.Equal(["n0", "n1", "n2", "n3", "n4"], ids);
        }

        await using var again = await Server.LoginAsync("bob", "bob password", "tablet");
        await again.BecomeAvailableAsync();
        await AssertNothingArrivesAsync(again);
        Assert.Equal(0, await Store().CountAsync("bob", CancellationToken.None));
    }

    [Fact]
    public async Task A_session_without_presence_or_with_negative_priority_does_not_take_offline_messages()
    {
        await SendAndSettleAsync(_alice, "<message to='bob@localhost' type='chat'><body>later</body></message>");

        await using var quiet = await Server.LoginAsync("bob", "bob password", "quiet");
        await using var hidden = await Server.LoginAsync("bob", "bob password", "hidden");
        await hidden.BecomeAvailableAsync(priority: -1);

        await AssertNothingArrivesAsync(quiet);
        await AssertNothingArrivesAsync(hidden);
        Assert.Equal(1, await Store().CountAsync("bob", CancellationToken.None));
    }

    [Fact]
    public async Task An_offline_message_is_also_in_both_archives_and_carries_its_archive_id()
    {
        await SendAndSettleAsync(_alice, "<message to='bob@localhost' type='chat'><body>archived too</body></message>");

        await using var bob = await Server.LoginAsync("bob", "bob password", "laptop");
        await bob.SendRawAsync("<presence/>");
        var message = await bob.ReadUntilAsync("message");
        var bobs = await ArchiveIdsAsync(bob);
        var alices = await ArchiveIdsAsync(_alice);

        var stanzaId = message.Child("stanza-id", SidNs)!;
        Assert.Equal("bob@localhost", stanzaId.GetAttribute("by"));
        Assert.Equal([stanzaId.GetAttribute("id")!], bobs);
        Assert.Single(alices);
    }

    [Fact]
    public async Task A_full_store_bounces_service_unavailable_and_keeps_nothing_more()
    {
        var full = Enumerable.Range(0, new OfflineOptions().MaxMessagesPerUser).Select(i => Row("bob", $"filler {i}")).ToArray();
        await Store().AddAsync(full, CancellationToken.None);

        await _alice.SendRawAsync("<message to='bob@localhost' type='chat' id='over'><body>one too many</body></message>");
        var error = await _alice.ReadUntilAsync("message");

        Assert.Equal(("error", "over"), (error.GetAttribute("type"), error.GetAttribute("id")));
        Assert.Equal("service-unavailable", Stanzas.ErrorCondition(error));
        Assert.Equal("Offline storage full.", error.Child("error", Ns.Client)!.Child("text", Ns.Stanzas)!.Text);
        Assert.Equal(full.Length, await Store().CountAsync("bob", CancellationToken.None));
    }

    [Fact]
    public async Task A_flooding_sender_is_told_to_wait_and_other_senders_still_get_through()
    {
        var limit = new OfflineOptions().MaxPerSenderPerMinute;
        for (var i = 0; i < limit; i++)
        {
            await _alice.SendRawAsync($"<message to='bob@localhost' type='chat'><body>{i}</body></message>");
        }

        await _alice.SendRawAsync("<message to='bob@localhost' type='chat' id='flood'><body>too fast</body></message>");
        var error = await _alice.ReadUntilAsync("message");
        await using var carol = await Server.LoginAsync("carol", "carol password", "desk");
        await SendAndSettleAsync(carol, "<message to='bob@localhost' type='chat'><body>from carol</body></message>");

        Assert.Equal("flood", error.GetAttribute("id"));
        Assert.Equal("resource-constraint", Stanzas.ErrorCondition(error));
        Assert.Equal(limit + 1, await Store().CountAsync("bob", CancellationToken.None));
    }

    [Fact]
    public async Task A_standalone_chat_state_is_dropped_silently()
    {
        await SendAndSettleAsync(_alice, "<message to='bob@localhost' type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>");

        Assert.Equal(0, await Store().CountAsync("bob", CancellationToken.None));
    }

    [Fact]
    public async Task A_no_store_message_is_not_kept_and_bounces()
    {
        await _alice.SendRawAsync("<message to='bob@localhost' type='chat' id='ns'><body>ephemeral</body><no-store xmlns='urn:xmpp:hints'/></message>");
        var error = await _alice.ReadUntilAsync("message");

        Assert.Equal("service-unavailable", Stanzas.ErrorCondition(error));
        Assert.Equal(0, await Store().CountAsync("bob", CancellationToken.None));
    }

    [Fact]
    public async Task A_message_a_session_never_acknowledged_is_kept_for_the_next_login()
    {
        var bob = await Server.LoginAsync("bob", "bob password", "laptop");
        await bob.BecomeAvailableAsync();
        await bob.SendRawAsync("<enable xmlns='urn:xmpp:sm:3'/>");
        Assert.Equal("enabled", (await bob.ReadElementAsync()).Name);
        await _alice.SendRawAsync("<message to='bob@localhost' type='chat' id='unacked'><body>did you get this?</body></message>");
        Assert.Equal("unacked", (await bob.ReadUntilAsync("message")).GetAttribute("id"));

        await bob.DisposeAsync();
        await WaitUntilAsync(async () => await Store().CountAsync("bob", CancellationToken.None) == 1);
        await using var again = await Server.LoginAsync("bob", "bob password", "phone");
        await again.SendRawAsync("<presence/>");

        Assert.Equal("unacked", (await again.ReadUntilAsync("message")).GetAttribute("id"));
    }

    [Fact]
    public async Task Deleting_an_account_removes_its_offline_messages_and_archive()
    {
        await SendAndSettleAsync(_alice, "<message to='bob@localhost' type='chat'><body>gone soon</body></message>");

        await Server.Services.GetRequiredService<ServerEvents>().PublishAsync(new AccountDeleted("bob"), CancellationToken.None);

        Assert.Equal(0, await Store().CountAsync("bob", CancellationToken.None));
        await using var bob = await Server.LoginAsync("bob", "bob password", "laptop");
        Assert.Empty(await ArchiveIdsAsync(bob));
    }

    [Fact]
    public async Task The_server_advertises_offline_storage()
    {
        var reply = await _alice.QueryAsync("<iq type='get' id='d' to='localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>", "d");

        var features = reply.Child("query", "http://jabber.org/protocol/disco#info")!.Elements("feature", "http://jabber.org/protocol/disco#info").Select(f => f.GetAttribute("var"));
        Assert.Contains("msgoffline", features);
    }

    [Fact]
    public async Task A_message_sent_just_before_the_client_hangs_up_is_still_stored()
    {
        // go-sendxmpp's way: presence, the message and the stream's end in one burst, then the
        // socket closes without waiting for anything. The bytes were received; they must be routed.
        var carol = await Server.LoginAsync("carol", "carol password", "script");
        await carol.SendRawAsync("<presence/><message to='bob@localhost' type='chat' id='last'><body>sent and gone</body></message></stream:stream>");
        await carol.DisposeAsync();

        var deadline = DateTime.UtcNow + TestClient.Timeout;
        while (await Store().CountAsync("bob", CancellationToken.None) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await using var bob = await Server.LoginAsync("bob", "bob password", "laptop");
        await bob.SendRawAsync("<presence/>");
        var message = await bob.ReadUntilAsync("message");
        Assert.Equal(("last", "sent and gone"), (message.GetAttribute("id"), message.Child("body", Ns.Client)!.Text));
    }

    private OfflineStore Store() => Server.Services.GetRequiredService<OfflineStore>();

    private static OfflineMessage Row(string owner, string body) => new()
    {
        Owner = owner,
        Sender = "carol@localhost",
        Stamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        Stanza = System.Text.Encoding.UTF8.GetBytes($"<message xmlns='jabber:client' to='{owner}@localhost' type='chat'><body>{body}</body></message>"),
    };

    /// <summary>Sends a stanza, then a ping, and returns once the ping is answered: the stanza has been routed.</summary>
    private static async Task SendAndSettleAsync(TestClient client, string stanza)
    {
        await client.SendRawAsync(stanza);
        var reply = await client.QueryAsync("<iq type='get' id='settle'><ping xmlns='urn:xmpp:ping'/></iq>", "settle");
        Assert.Equal("result", reply.GetAttribute("type"));
    }

    private static async Task AssertNothingArrivesAsync(TestClient client)
    {
        await client.SendRawAsync("<iq type='get' id='barrier'><ping xmlns='urn:xmpp:ping'/></iq>");
        var next = await client.ReadElementAsync();
        Assert.Equal("barrier", next.GetAttribute("id"));
    }

    private static async Task<List<string>> ArchiveIdsAsync(TestClient client)
    {
        await client.SendRawAsync("<iq type='set' id='mam'><query xmlns='urn:xmpp:mam:2'/></iq>");
        var ids = new List<string>();
        while (true)
        {
            var element = await client.ReadElementAsync();
            if (element.Name == "iq" && element.GetAttribute("id") == "mam")
            {
                return ids;
            }

            if (element.Child("result", "urn:xmpp:mam:2") is { } result)
            {
                ids.Add(result.GetAttribute("id")!);
            }
        }
    }

    /// <summary>Polls a condition the server reaches on its own (a session's teardown), with a deadline.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TestClient.Timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not become true in time");
            await Task.Delay(20);
        }
    }
}

public sealed class OfflineTestsOnSqlite() : OfflineTests(DatabaseKind.Sqlite);

public sealed class OfflineTestsOnPostgres() : OfflineTests(DatabaseKind.PostgreSql);
