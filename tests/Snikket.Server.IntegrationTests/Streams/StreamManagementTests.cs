using Microsoft.Extensions.DependencyInjection;
using Snikket.Configuration;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Server.Sessions;
using Snikket.Xmpp;

namespace Snikket.Server.IntegrationTests.Streams;

/// <summary>XEP-0198 Stream Management: acknowledgements, resumption, and the nasty cases.</summary>
public abstract class StreamManagementTests(DatabaseKind database) : IAsyncLifetime
{
    private const string Sm = "urn:xmpp:sm:3";

    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(database, options => options with { ResumeTimeout = TimeSpan.FromSeconds(3), MaxUnacked = 5 });
        await _server.CreateAccountAsync("alice", "alice password");
        await _server.CreateAccountAsync("bob", "bob password");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Stream_management_is_offered_after_authentication()
    {
        await using var alice = await _server.LoginAsync("alice", "alice password", "phone");

        Assert.NotNull(alice.Features!.Child("sm", Sm));
    }

    [Fact]
    public async Task Enabling_with_resumption_returns_an_id_and_the_resumption_window()
    {
        await using var alice = await _server.LoginAsync("alice", "alice password", "phone");

        var enabled = await EnableAsync(alice);

        Assert.Equal("true", enabled.GetAttribute("resume"));
        Assert.True(enabled.GetAttribute("id")!.Length >= 20);
        Assert.Equal("3", enabled.GetAttribute("max"));
    }

    [Fact]
    public async Task Enabling_before_binding_or_twice_fails_with_unexpected_request()
    {
        await using var early = await ConnectAuthenticatedAsync("alice", "alice password");
        await early.SendRawAsync($"<enable xmlns='{Sm}'/>");
        var beforeBind = await early.ReadElementAsync();
        await using var alice = await _server.LoginAsync("alice", "alice password", "phone");
        await EnableAsync(alice);

        await alice.SendRawAsync($"<enable xmlns='{Sm}'/>");
        var twice = await alice.ReadElementAsync();

        Assert.NotNull(beforeBind.Child("unexpected-request", Ns.Stanzas));
        Assert.Equal("failed", twice.Name);
        Assert.NotNull(twice.Child("unexpected-request", Ns.Stanzas));
    }

    [Fact]
    public async Task An_ack_request_is_answered_with_the_number_of_stanzas_handled()
    {
        await using var alice = await _server.LoginAsync("alice", "alice password", "phone");
        await EnableAsync(alice);
        for (var i = 0; i < 3; i++)
        {
            await alice.SendRawAsync($"<iq type='get' id='p{i}'><ping xmlns='urn:xmpp:ping'/></iq>");
            await AckAsync(alice, await alice.ReadUntilAsync("iq"), (uint)i + 1);
        }

        await alice.SendRawAsync($"<r xmlns='{Sm}'/>");
        var answer = await ReadNonzaAsync(alice, "a");

        Assert.Equal("3", answer.GetAttribute("h"));
    }

    [Fact]
    public async Task The_server_asks_for_an_ack_after_sending_stanzas()
    {
        await using var alice = await _server.LoginAsync("alice", "alice password", "phone");
        await EnableAsync(alice);

        await alice.SendRawAsync("<iq type='get' id='p1'><ping xmlns='urn:xmpp:ping'/></iq>");
        var pong = await alice.ReadElementAsync();
        var request = await alice.ReadElementAsync();

        Assert.Equal("iq", pong.Name);
        Assert.Equal("r", request.Name);
        Assert.Equal(Sm, request.Namespace);
    }

    [Fact]
    public async Task Acknowledging_more_than_was_sent_ends_the_stream_with_handled_count_too_high()
    {
        await using var alice = await _server.LoginAsync("alice", "alice password", "phone");
        await EnableAsync(alice);

        await alice.SendRawAsync($"<a xmlns='{Sm}' h='7'/>");
        var error = await alice.ReadElementAsync();

        Assert.Equal("error", error.Name);
        Assert.NotNull(error.Child("undefined-condition", Ns.StreamErrors));
        Assert.Equal("0", error.Child("handled-count-too-high", Sm)!.GetAttribute("send-count"));
    }

    [Fact]
    public async Task A_malformed_ack_count_is_bad_format()
    {
        await using var alice = await _server.LoginAsync("alice", "alice password", "phone");
        await EnableAsync(alice);

        await alice.SendRawAsync($"<a xmlns='{Sm}' h='-1'/>");

        await alice.ExpectStreamErrorAsync("bad-format");
    }

    [Fact]
    public async Task A_client_that_never_acknowledges_is_closed_with_resource_constraint()
    {
        await using var alice = await _server.LoginAsync("alice", "alice password", "phone");
        await EnableAsync(alice);

        for (var i = 0; i < 6; i++)
        {
            await alice.SendRawAsync($"<iq type='get' id='p{i}'><ping xmlns='urn:xmpp:ping'/></iq>");
        }

        Element error;
        do
        {
            error = await alice.ReadElementAsync();
        }
        while (error.Name != "error" || error.Namespace != Ns.Streams);

        Assert.NotNull(error.Child("resource-constraint", Ns.StreamErrors));
    }

    [Fact]
    public async Task A_resumed_session_gets_what_it_missed_and_what_it_had_not_acknowledged()
    {
        await using var bob = await _server.LoginAsync("bob", "bob password", "laptop");
        var alice = await _server.LoginAsync("alice", "alice password", "phone");
        var previd = (await EnableAsync(alice)).GetAttribute("id")!;
        await bob.SendRawAsync("<message to='alice@localhost/phone' type='chat' id='m1'><body>one</body></message>");
        Assert.Equal("one", (await alice.ReadUntilAsync("message")).Child("body", Ns.Client)!.Text);
        await alice.DisposeAsync();
        await WaitUntilAsync(() => _server.Services.GetRequiredService<SessionRegistry>().Find(Jid.Parse("alice@localhost/phone")) is { } s && s.StreamManagement!.DetachedAt is not null);
        await bob.SendRawAsync("<message to='alice@localhost/phone' type='chat' id='m2'><body>two</body></message>");

        await using var again = await ConnectAuthenticatedAsync("alice", "alice password");
        await again.SendRawAsync($"<resume xmlns='{Sm}' previd='{previd}' h='0'/>");
        var resumed = await again.ReadElementAsync();
        var first = await again.ReadUntilAsync("message");
        var second = await again.ReadUntilAsync("message");

        Assert.Equal("resumed", resumed.Name);
        Assert.Equal(previd, resumed.GetAttribute("previd"));
        Assert.Equal("one", first.Child("body", Ns.Client)!.Text);
        Assert.Equal("two", second.Child("body", Ns.Client)!.Text);
    }

    [Fact]
    public async Task Acknowledged_stanzas_are_not_sent_again_on_resumption()
    {
        await using var bob = await _server.LoginAsync("bob", "bob password", "laptop");
        var alice = await _server.LoginAsync("alice", "alice password", "phone");
        var previd = (await EnableAsync(alice)).GetAttribute("id")!;
        await bob.SendRawAsync("<message to='alice@localhost/phone' type='chat'><body>one</body></message>");
        await alice.ReadUntilAsync("message");
        await alice.DisposeAsync();
        await bob.SendRawAsync("<message to='alice@localhost/phone' type='chat'><body>two</body></message>");

        await using var again = await ConnectAuthenticatedAsync("alice", "alice password");
        await again.SendRawAsync($"<resume xmlns='{Sm}' previd='{previd}' h='1'/>");
        var resumed = await again.ReadElementAsync();
        var next = await again.ReadUntilAsync("message");

        Assert.Equal("resumed", resumed.Name);
        Assert.Equal("two", next.Child("body", Ns.Client)!.Text);
    }

    [Fact]
    public async Task Resuming_while_the_old_connection_is_still_open_moves_the_session_to_the_new_one()
    {
        await using var bob = await _server.LoginAsync("bob", "bob password", "laptop");
        await using var alice = await _server.LoginAsync("alice", "alice password", "phone");
        var previd = (await EnableAsync(alice)).GetAttribute("id")!;

        await using var again = await ConnectAuthenticatedAsync("alice", "alice password");
        await again.SendRawAsync($"<resume xmlns='{Sm}' previd='{previd}' h='0'/>");
        var resumed = await again.ReadElementAsync();
        await bob.SendRawAsync("<message to='alice@localhost/phone' type='chat'><body>after</body></message>");

        Assert.Equal("resumed", resumed.Name);
        Assert.Equal("after", (await again.ReadUntilAsync("message")).Child("body", Ns.Client)!.Text);
        await alice.ExpectDisconnectedAsync();
    }

    [Fact]
    public async Task Another_accounts_resume_id_is_unknown_and_leaves_the_session_resumable()
    {
        var alice = await _server.LoginAsync("alice", "alice password", "phone");
        var previd = (await EnableAsync(alice)).GetAttribute("id")!;
        await alice.DisposeAsync();

        await using var bob = await ConnectAuthenticatedAsync("bob", "bob password");
        await bob.SendRawAsync($"<resume xmlns='{Sm}' previd='{previd}' h='0'/>");
        var refused = await bob.ReadElementAsync();
        await using var again = await ConnectAuthenticatedAsync("alice", "alice password");
        await again.SendRawAsync($"<resume xmlns='{Sm}' previd='{previd}' h='0'/>");

        Assert.Equal("failed", refused.Name);
        Assert.NotNull(refused.Child("item-not-found", Ns.Stanzas));
        Assert.Equal("resumed", (await again.ReadElementAsync()).Name);
    }

    [Fact]
    public async Task After_a_failed_resumption_the_client_can_bind_a_new_session()
    {
        await using var alice = await ConnectAuthenticatedAsync("alice", "alice password");

        await alice.SendRawAsync($"<resume xmlns='{Sm}' previd='no-such-session' h='0'/>");
        var refused = await alice.ReadElementAsync();
        var jid = await alice.BindAsync("phone");

        Assert.Equal("failed", refused.Name);
        Assert.Equal("alice@localhost/phone", jid.ToString());
    }

    [Fact]
    public async Task Closing_the_stream_cleanly_ends_the_session_for_good()
    {
        var alice = await _server.LoginAsync("alice", "alice password", "phone");
        var previd = (await EnableAsync(alice)).GetAttribute("id")!;
        await alice.SendRawAsync("</stream:stream>");
        await alice.ExpectDisconnectedAsync();
        await alice.DisposeAsync();

        await using var again = await ConnectAuthenticatedAsync("alice", "alice password");
        await again.SendRawAsync($"<resume xmlns='{Sm}' previd='{previd}' h='0'/>");

        Assert.Equal("failed", (await again.ReadElementAsync()).Name);
    }

    [Fact]
    public async Task When_the_resumption_window_passes_the_session_ends_and_pending_requests_get_an_error()
    {
        await using var bob = await _server.LoginAsync("bob", "bob password", "laptop");
        var alice = await _server.LoginAsync("alice", "alice password", "phone");
        await EnableAsync(alice);
        await alice.DisposeAsync();
        await WaitUntilAsync(() => _server.Services.GetRequiredService<SessionRegistry>().Find(Jid.Parse("alice@localhost/phone")) is { } s && s.StreamManagement!.DetachedAt is not null);

        await bob.SendRawAsync("<iq type='get' id='v1' to='alice@localhost/phone'><query xmlns='jabber:iq:version'/></iq>");
        var answer = await bob.ReadUntilAsync("iq");

        Assert.Equal("error", answer.GetAttribute("type"));
        Assert.Equal("v1", answer.GetAttribute("id"));
        Assert.NotNull(answer.Child("error", Ns.Client)!.Child("service-unavailable", Ns.Stanzas));
        Assert.Null(_server.Services.GetRequiredService<SessionRegistry>().Find(Jid.Parse("alice@localhost/phone")));
    }

    [Fact]
    public async Task Without_resumption_a_lost_connection_ends_the_session_at_once()
    {
        var alice = await _server.LoginAsync("alice", "alice password", "phone");
        await EnableAsync(alice, resume: false);

        await alice.DisposeAsync();

        await WaitUntilAsync(() => _server.Services.GetRequiredService<SessionRegistry>().Find(Jid.Parse("alice@localhost/phone")) is null);
    }

    [Fact]
    public async Task Shutting_down_ends_live_sessions_with_system_shutdown_and_waiting_ones_for_good()
    {
        await using var bob = await _server.LoginAsync("bob", "bob password", "laptop");
        var alice = await _server.LoginAsync("alice", "alice password", "phone");
        await EnableAsync(alice);
        await alice.DisposeAsync();
        var registry = _server.Services.GetRequiredService<SessionRegistry>();
        await WaitUntilAsync(() => registry.Find(Jid.Parse("alice@localhost/phone")) is { } s && s.StreamManagement!.DetachedAt is not null);

        await _server.Services.GetRequiredService<Snikket.Server.Streams.SessionTeardown>().StopAsync(CancellationToken.None);

        await bob.ExpectStreamErrorAsync("system-shutdown");
        Assert.Equal(0, registry.Count);
    }

    private async Task<TestClient> ConnectAuthenticatedAsync(string username, string password)
    {
        var client = await _server.ConnectAsync();
        await client.NegotiateTlsAsync();
        await client.AuthenticateAsync(username, password);
        return client;
    }

    private static async Task<Element> EnableAsync(TestClient client, bool resume = true)
    {
        await client.SendRawAsync(resume ? $"<enable xmlns='{Sm}' resume='true'/>" : $"<enable xmlns='{Sm}'/>");
        var enabled = await client.ReadElementAsync();
        Assert.Equal("enabled", enabled.Name);
        return enabled;
    }

    /// <summary>Answers the server's ack request that follows <paramref name="stanza"/>.</summary>
    private static async Task AckAsync(TestClient client, Element stanza, uint h)
    {
        Assert.Equal("iq", stanza.Name);
        var request = await client.ReadElementAsync();
        Assert.Equal("r", request.Name);
        await client.SendRawAsync($"<a xmlns='{Sm}' h='{h}'/>");
    }

    private static async Task<Element> ReadNonzaAsync(TestClient client, string name)
    {
        while (true)
        {
            var element = await client.ReadElementAsync();
            if (element.Namespace == Sm && element.Name == name)
            {
                return element;
            }
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TestClient.Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not become true in time");
            await Task.Delay(20);
        }
    }
}

public sealed class StreamManagementTestsOnSqlite() : StreamManagementTests(DatabaseKind.Sqlite);

public sealed class StreamManagementTestsOnPostgres() : StreamManagementTests(DatabaseKind.PostgreSql);
