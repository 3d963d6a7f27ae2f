using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Snikket.Xmpp;
using Snikket.Xmpp.Sasl;

namespace Snikket.Server.IntegrationTests.Infrastructure;

/// <summary>
/// A deliberately small XMPP client for tests, over a real socket: it sends literal XML or
/// elements and returns what the server sends, one element at a time, with a timeout. Each
/// negotiation step is a method so tests can stop anywhere and misbehave.
/// </summary>
internal sealed class TestClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly TcpClient _tcp;
    private readonly string _domain;
    private readonly X509Certificate2 _expectedCertificate;
    private Stream _stream;
    private PipeReader _reader;
    private XmlStreamParser _parser = new(XmlLimits.Default);

    private TestClient(TcpClient tcp, Stream stream, string domain, X509Certificate2 expectedCertificate)
    {
        _tcp = tcp;
        _stream = stream;
        _reader = PipeReader.Create(stream);
        _domain = domain;
        _expectedCertificate = expectedCertificate;
    }

    /// <summary>The bound full JID, after <see cref="BindAsync"/>.</summary>
    public Jid? Jid { get; private set; }

    /// <summary>The server certificate's tls-server-end-point data, once TLS is up.</summary>
    public byte[]? ChannelBinding { get; private set; }

    /// <summary>The stream features from the latest stream header.</summary>
    public Element? Features { get; private set; }

    public static async Task<TestClient> ConnectAsync(IPEndPoint endPoint, string domain, string certificatePath, bool directTls)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(endPoint);
        var expected = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        var client = new TestClient(tcp, tcp.GetStream(), domain, expected);
        if (directTls)
        {
            await client.UpgradeToTlsAsync([new SslApplicationProtocol("xmpp-client")]);
        }

        return client;
    }

    /// <summary>Sends raw bytes exactly as given (for hostile input).</summary>
    public async Task SendRawAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    public Task SendRawAsync(string xml) => SendRawAsync(Encoding.UTF8.GetBytes(xml));

    public Task SendAsync(Element element) => SendRawAsync(StanzaWriter.ToXml(element, Ns.Client));

    /// <summary>Sends a stream header and reads the server's header and features.</summary>
    public async Task<Element> OpenStreamAsync(string? to = null)
    {
        await SendRawAsync($"<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='{to ?? _domain}' version='1.0'>");
        var header = await ReadEventAsync();
        Assert.Equal(StreamEventKind.Opened, header.Kind);
        Features = await ReadElementAsync();
        return Features;
    }

    /// <summary>The next event from the server (header, element, or close), failing the test after <see cref="Timeout"/>.</summary>
    public Task<StreamEvent> ReadEventAsync() => ReadEventAsync(Timeout);

    /// <summary>The next event from the server, failing after <paramref name="limit"/> (which may be infinite).</summary>
    public async Task<StreamEvent> ReadEventAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await _reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("The server sent nothing within " + limit);
            }

            var buffer = result.Buffer;
            if (_parser.TryRead(ref buffer, out var evt))
            {
                _reader.AdvanceTo(buffer.Start);
                return evt;
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new EndOfStreamException("The server closed the connection.");
            }
        }
    }

    public async Task<Element> ReadElementAsync()
    {
        var evt = await ReadEventAsync();
        Assert.True(evt.Kind == StreamEventKind.Element, $"expected an element, got {evt.Kind}");
        return evt.Element!;
    }

    /// <summary>
    /// Sends initial presence (RFC 6121 §4.2) so bare-JID messages reach this session, and returns
    /// once the server has processed it (a ping round trip), skipping whatever arrived meanwhile.
    /// </summary>
    public async Task BecomeAvailableAsync(int priority = 0)
    {
        await SendRawAsync($"<presence><priority>{priority}</priority></presence><iq type='get' id='available-ping'><ping xmlns='urn:xmpp:ping'/></iq>");
        while ((await ReadUntilAsync("iq")).GetAttribute("id") != "available-ping")
        {
        }
    }

    /// <summary>Reads until an element named <paramref name="name"/> arrives, skipping others (e.g. presence).</summary>
    public async Task<Element> ReadUntilAsync(string name)
    {
        while (true)
        {
            var element = await ReadElementAsync();
            if (element.Name == name)
            {
                return element;
            }
        }
    }

    /// <summary>Expects a stream error with the given condition, then the closing tag and the end of the connection.</summary>
    public async Task ExpectStreamErrorAsync(string condition)
    {
        var error = await ReadElementAsync();
        Assert.Equal("error", error.Name);
        Assert.Equal(Ns.Streams, error.Namespace);
        Assert.Equal(condition, error.Elements().First().Name);
        var close = await ReadEventAsync();
        Assert.Equal(StreamEventKind.Closed, close.Kind);
        await ExpectDisconnectedAsync();
    }

    /// <summary>Waits until the server closes the TCP connection.</summary>
    public async Task ExpectDisconnectedAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync(timeout.Token);
                _reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (IOException)
        {
            // Reset by the server: closed as well.
        }
    }

    /// <summary>Opens the stream, asks for STARTTLS, and does the handshake (no-op on a direct-TLS connection).</summary>
    public async Task NegotiateTlsAsync()
    {
        var features = await OpenStreamAsync();
        if (ChannelBinding is not null)
        {
            return;
        }

        Assert.NotNull(features.Child("starttls", Ns.Tls));
        await SendRawAsync("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        var proceed = await ReadElementAsync();
        Assert.Equal("proceed", proceed.Name);
        await UpgradeToTlsAsync([]);
        await OpenStreamAsync();
    }

    /// <summary>SASL with SCRAM (any of our four) or PLAIN; returns the server's answer element (success or failure).</summary>
    public async Task<Element> TryAuthenticateAsync(string username, string password, string mechanism = "SCRAM-SHA-256")
    {
        if (mechanism == "PLAIN")
        {
            var plain = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{username}\0{password}"));
            await SendRawAsync($"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>{plain}</auth>");
            return await ReadElementAsync();
        }

        Assert.True(ScramHashExtensions.TryParseMechanism(mechanism, out var hash, out var plus));
        var scram = new ScramClient(hash, username, password, plus ? ChannelBinding : null);
        await SendRawAsync($"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='{mechanism}'>{Convert.ToBase64String(scram.CreateClientFirst())}</auth>");
        var challenge = await ReadElementAsync();
        if (challenge.Name != "challenge")
        {
            return challenge;
        }

        var final = scram.CreateClientFinal(Convert.FromBase64String(challenge.Text));
        await SendRawAsync($"<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>{Convert.ToBase64String(final)}</response>");
        var outcome = await ReadElementAsync();
        if (outcome.Name == "success")
        {
            Assert.True(scram.VerifyServerFinal(Convert.FromBase64String(outcome.Text)), "server signature must verify");
        }

        return outcome;
    }

    /// <summary>Authenticates (asserting success) and restarts the stream.</summary>
    public async Task AuthenticateAsync(string username, string password, string mechanism = "SCRAM-SHA-256")
    {
        var outcome = await TryAuthenticateAsync(username, password, mechanism);
        Assert.True(outcome.Name == "success", $"{mechanism} failed: {outcome}");
        _parser.Reset();
        await OpenStreamAsync();
    }

    /// <summary>Binds a resource (server-generated when null) and returns the full JID.</summary>
    public async Task<Jid> BindAsync(string? resource = null)
    {
        var payload = resource is null ? "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>" : $"<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>{resource}</resource></bind>";
        await SendRawAsync($"<iq type='set' id='bind1'>{payload}</iq>");
        var result = await ReadElementAsync();
        Assert.Equal("result", result.GetAttribute("type"));
        Jid = Jid.Parse(result.Child("bind", Ns.Bind)!.Child("jid", Ns.Bind)!.Text);
        return Jid;
    }

    private async Task UpgradeToTlsAsync(List<SslApplicationProtocol> protocols)
    {
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false, (_, certificate, _, _) =>
            certificate is not null && certificate.GetCertHashString() == _expectedCertificate.GetCertHashString());
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = _domain,
            ApplicationProtocols = protocols.Count == 0 ? null : protocols,
        });
        ChannelBinding = ScramServer.TlsServerEndPoint((X509Certificate2)ssl.RemoteCertificate!);
        _stream = ssl;
        _reader = PipeReader.Create(ssl);
        _parser = new XmlStreamParser(XmlLimits.Default);
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}
