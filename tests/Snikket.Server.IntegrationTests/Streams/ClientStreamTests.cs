using Microsoft.Extensions.DependencyInjection;
using Snikket.Configuration;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Server.Sessions;
using Snikket.Xmpp;

namespace Snikket.Server.IntegrationTests.Streams;

/// <summary>Stream negotiation over real TCP and TLS: STARTTLS, direct TLS, every SASL mechanism, binding.</summary>
public abstract class ClientStreamTests(DatabaseKind database) : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(database);
        await _server.CreateAccountAsync("alice", "correct horse");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("SCRAM-SHA-256-PLUS")]
    [InlineData("SCRAM-SHA-1-PLUS")]
    [InlineData("SCRAM-SHA-256")]
    [InlineData("SCRAM-SHA-1")]
    [InlineData("PLAIN")]
    public async Task Each_mechanism_logs_in_over_starttls(string mechanism)
    {
        await using var client = await _server.LoginAsync("alice", "correct horse", mechanism: mechanism);

        Assert.Equal("alice@localhost", client.Jid!.Bare.ToString());
    }

    [Fact]
    public async Task Clients_that_hang_up_right_after_binding_leave_no_session_behind()
    {
        // The hang-up races the bind answer and the SessionBound handlers; whichever notices it,
        // the session must end (a session left bound also made server shutdown wait for it).
        for (var i = 0; i < 20; i++)
        {
            var client = await _server.LoginAsync("alice", "correct horse", $"brief{i}");
            await client.DisposeAsync();
        }

        var sessions = _server.Services.GetRequiredService<SessionRegistry>();
        var deadline = DateTime.UtcNow + TestClient.Timeout;
        while (sessions.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(0, sessions.Count);
    }

    [Fact]
    public async Task Direct_tls_offers_no_starttls_and_logs_in_with_channel_binding()
    {
        await using var client = await _server.ConnectAsync(directTls: true);

        var features = await client.OpenStreamAsync();
        Assert.Null(features.Child("starttls", Ns.Tls));
        var mechanisms = features.Child("mechanisms", Ns.Sasl)!.Elements().Select(m => m.Text).ToList();
        Assert.Contains("SCRAM-SHA-256-PLUS", mechanisms);
        await client.AuthenticateAsync("alice", "correct horse", "SCRAM-SHA-256-PLUS");
        var jid = await client.BindAsync("phone");
        Assert.Equal("alice@localhost/phone", jid.ToString());
    }

    [Fact]
    public async Task Before_tls_only_required_starttls_is_offered()
    {
        await using var client = await _server.ConnectAsync();

        var features = await client.OpenStreamAsync();

        var only = Assert.Single(features.Elements());
        Assert.Equal("starttls", only.Name);
        Assert.NotNull(only.Child("required", Ns.Tls));
    }

    [Fact]
    public async Task After_tls_the_channel_binding_type_is_advertised_and_plain_is_offered()
    {
        await using var client = await _server.ConnectAsync();

        await client.NegotiateTlsAsync();

        var cb = client.Features!.Child("sasl-channel-binding", "urn:xmpp:sasl-cb:0");
        Assert.Equal("tls-server-end-point", cb!.Child("channel-binding", "urn:xmpp:sasl-cb:0")!.GetAttribute("type"));
        var mechanisms = client.Features.Child("mechanisms", Ns.Sasl)!.Elements().Select(m => m.Text).ToList();
        Assert.Equal(["SCRAM-SHA-256-PLUS", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"], mechanisms);
    }

    [Theory]
    [InlineData("SCRAM-SHA-256")]
    [InlineData("PLAIN")]
    public async Task A_wrong_password_is_not_authorized(string mechanism)
    {
        await using var client = await _server.ConnectAsync();
        await client.NegotiateTlsAsync();

        var outcome = await client.TryAuthenticateAsync("alice", "wrong horse", mechanism);

        Assert.Equal("failure", outcome.Name);
        Assert.Equal("not-authorized", outcome.Elements().First().Name);
    }

    [Fact]
    public async Task An_unknown_user_gets_a_normal_challenge_then_not_authorized()
    {
        await using var client = await _server.ConnectAsync();
        await client.NegotiateTlsAsync();

        var outcome = await client.TryAuthenticateAsync("mallory", "whatever", "SCRAM-SHA-256");

        Assert.Equal("not-authorized", outcome.Elements().First().Name);
    }

    [Fact]
    public async Task Three_failed_attempts_end_the_stream()
    {
        await using var client = await _server.ConnectAsync();
        await client.NegotiateTlsAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("failure", (await client.TryAuthenticateAsync("alice", "wrong", "PLAIN")).Name);
        }

        await client.ExpectStreamErrorAsync("policy-violation");
    }

    [Fact]
    public async Task An_unknown_mechanism_is_refused_and_a_retry_works()
    {
        await using var client = await _server.ConnectAsync();
        await client.NegotiateTlsAsync();

        await client.SendRawAsync("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='DIGEST-MD5'/>");
        var failure = await client.ReadElementAsync();

        Assert.Equal("invalid-mechanism", failure.Elements().First().Name);
        await client.AuthenticateAsync("alice", "correct horse");
    }

    [Fact]
    public async Task Bind_without_a_resource_gets_one_generated()
    {
        await using var client = await _server.LoginAsync("alice", "correct horse");

        Assert.False(string.IsNullOrEmpty(client.Jid!.Resource));
    }

    [Fact]
    public async Task Binding_a_taken_resource_replaces_the_old_session_with_a_conflict()
    {
        await using var first = await _server.LoginAsync("alice", "correct horse", "laptop");

        await using var second = await _server.LoginAsync("alice", "correct horse", "laptop");

        await first.ExpectStreamErrorAsync("conflict");
        await second.SendRawAsync("<iq type='get' id='p1'><ping xmlns='urn:xmpp:ping'/></iq>");
        Assert.Equal("result", (await second.ReadElementAsync()).GetAttribute("type"));
    }

    [Fact]
    public async Task A_client_beyond_the_session_limit_is_refused_with_policy_violation_but_a_takeover_is_allowed()
    {
        await using var server = await TestServer.StartAsync(database, o => o with { MaxSessionsPerAccount = 2 });
        await server.CreateAccountAsync("busy", "busy password");
        await using var one = await server.LoginAsync("busy", "busy password", "one");
        await using var two = await server.LoginAsync("busy", "busy password", "two");
        await using var three = await server.ConnectAsync();
        await three.NegotiateTlsAsync();
        await three.AuthenticateAsync("busy", "busy password");

        await three.SendRawAsync("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>three</resource></bind></iq>");

        await three.ExpectStreamErrorAsync("policy-violation");
        await using var oneAgain = await server.LoginAsync("busy", "busy password", "one");
        await one.ExpectStreamErrorAsync("conflict");
    }

    [Fact]
    public async Task The_stream_header_names_the_server_and_a_wrong_host_is_host_unknown()
    {
        await using var client = await _server.ConnectAsync();

        await client.SendRawAsync("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.org' version='1.0'>");

        var header = await client.ReadEventAsync();
        Assert.Equal("localhost", header.Header!.Attributes["from"]);
        await client.ExpectStreamErrorAsync("host-unknown");
    }

    [Fact]
    public async Task A_server_namespace_on_the_client_port_is_invalid_namespace()
    {
        await using var client = await _server.ConnectAsync();

        await client.SendRawAsync("<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>");

        await client.ReadEventAsync();
        await client.ExpectStreamErrorAsync("invalid-namespace");
    }

    [Fact]
    public async Task A_stream_without_version_is_unsupported_version()
    {
        await using var client = await _server.ConnectAsync();

        await client.SendRawAsync("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost'>");

        await client.ReadEventAsync();
        await client.ExpectStreamErrorAsync("unsupported-version");
    }

    [Fact]
    public async Task Authenticating_before_starttls_is_a_policy_violation()
    {
        await using var client = await _server.ConnectAsync();
        await client.OpenStreamAsync();

        await client.SendRawAsync("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFsaWNlAGNvcnJlY3QgaG9yc2U=</auth>");

        await client.ExpectStreamErrorAsync("policy-violation");
    }

    [Fact]
    public async Task Bytes_pipelined_after_starttls_are_refused_not_processed()
    {
        await using var client = await _server.ConnectAsync();
        await client.OpenStreamAsync();

        await client.SendRawAsync("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/><auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFsaWNlAGNvcnJlY3QgaG9yc2U=</auth>");

        await client.ExpectStreamErrorAsync("policy-violation");
    }

    [Fact]
    public async Task A_client_that_leaves_right_after_binding_leaves_no_session_behind()
    {
        var sessions = _server.Services.GetRequiredService<SessionRegistry>();

        // Several times, since the departure has to land while the bind is still being handled.
        for (var i = 0; i < 5; i++)
        {
            await using var client = await _server.ConnectAsync();
            await client.NegotiateTlsAsync();
            await client.AuthenticateAsync("alice", "correct horse");
            await client.SendRawAsync($"<iq type='set' id='b{i}'><bind xmlns='{Ns.Bind}'><resource>gone{i}</resource></bind></iq>");
        }

        var deadline = DateTime.UtcNow + TestClient.Timeout;
        while (sessions.SessionsOf(Jid.Parse("alice@localhost")).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Empty(sessions.SessionsOf(Jid.Parse("alice@localhost")));
    }

    [Fact]
    public async Task With_encryption_not_required_scram_works_in_plaintext_but_plain_is_never_offered()
    {
        await using var server = await TestServer.StartAsync(database, o => o with { RequireEncryption = false });
        await server.CreateAccountAsync("bench", "bench password");
        await using var client = await server.ConnectAsync();

        var features = await client.OpenStreamAsync();
        var mechanisms = features.Child("mechanisms", Ns.Sasl)!.Elements().Select(m => m.Text).ToList();
        await client.AuthenticateAsync("bench", "bench password", "SCRAM-SHA-1");

        Assert.Null(features.Child("starttls", Ns.Tls)!.Child("required", Ns.Tls));
        Assert.Equal(["SCRAM-SHA-256", "SCRAM-SHA-1"], mechanisms);
        Assert.Equal("bench@localhost/x", (await client.BindAsync("x")).ToString());
    }

    [Fact]
    public async Task A_session_silent_for_the_idle_timeout_is_closed_with_connection_timeout()
    {
        await using var server = await TestServer.StartAsync(database, o => o with { IdleTimeout = TimeSpan.FromSeconds(2) });
        await server.CreateAccountAsync("quiet", "quiet password");
        await using var client = await server.LoginAsync("quiet", "quiet password");

        await client.ExpectStreamErrorAsync("connection-timeout");
    }

    [Fact]
    public async Task A_silent_connection_is_closed_after_the_preauth_timeout()
    {
        await using var server = await TestServer.StartAsync(database, o => o with { PreauthTimeout = TimeSpan.FromSeconds(1) });
        await using var client = await server.ConnectAsync();

        await client.OpenStreamAsync();

        await client.ExpectStreamErrorAsync("connection-timeout");
    }
}

public sealed class ClientStreamTestsOnSqlite() : ClientStreamTests(DatabaseKind.Sqlite);

public sealed class ClientStreamTestsOnPostgres() : ClientStreamTests(DatabaseKind.PostgreSql);
