using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Snikket.Xmpp;

namespace Snikket.Bench;

/// <summary>Something the server did that a login or a session did not expect.</summary>
internal sealed class XmppBenchException(string message) : Exception(message);

/// <summary>
/// One client connection: a <see cref="Socket"/>, a <see cref="PipeReader"/>/<see cref="PipeWriter"/>
/// pair over it (over <see cref="SslStream"/> after STARTTLS), our <see cref="XmlStreamParser"/>
/// and <see cref="StanzaWriter"/>. Negotiation reads one event at a time; after login,
/// <see cref="RunReceiveLoopAsync"/> drains everything the server sends. Writes are serialised
/// by a per-connection lock; no thread is held per connection.
/// </summary>
internal sealed class XmppClient : IAsyncDisposable
{
    private const string PingNamespace = "urn:xmpp:ping";
    private const string RegisterNamespace = "jabber:iq:register";

    /// <summary>Stanzas a connection may have queued behind its write lock before the pacer skips it.</summary>
    private const int MaxPendingSends = 64;

    private static readonly StreamPipeReaderOptions s_readerOptions =
        new(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true, useZeroByteReads: true);

    private static readonly StreamPipeWriterOptions s_writerOptions = new(minimumBufferSize: 4096, leaveOpen: true);

    private static readonly byte[] s_streamClose = "</stream:stream>"u8.ToArray();

    private readonly Socket _socket;
    private readonly NetworkStream _network;
    private readonly XmlStreamParser _parser = new(XmlLimits.Default);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly byte[] _streamHeader;
    private SslStream? _tls;
    private PipeReader _reader;
    private PipeWriter _writer;
    private int _pendingSends;
    private int _disposed;
    private Task _receiveLoop = Task.CompletedTask;
    private TaskCompletionSource<Element>? _pendingRequest;
    private string? _pendingRequestId;

    private XmppClient(Socket socket, string domain)
    {
        _socket = socket;
        _network = new NetworkStream(socket, ownsSocket: false);
        _reader = PipeReader.Create(_network, s_readerOptions);
        _writer = PipeWriter.Create(_network, s_writerOptions);
        _streamHeader = Encoding.UTF8.GetBytes(
            "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='"
            + domain + "' version='1.0' xml:lang='en'>");
    }

    /// <summary>The full JID the server bound, after <see cref="LoginAsync"/>.</summary>
    public string? BoundJid { get; private set; }

    /// <summary>How far negotiation got (for timeout messages).</summary>
    public string Stage { get; private set; } = "connected";

    /// <summary>Whether the server closed the stream or the connection.</summary>
    public bool Closed { get; private set; }

    /// <summary>Why the receive loop ended, if not by a clean close.</summary>
    public string? Error { get; private set; }

    /// <summary>Opens a TCP connection with Nagle off (stanzas are small and latency is measured).</summary>
    public static async Task<XmppClient> ConnectAsync(IPEndPoint endPoint, string domain, CancellationToken ct)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, ct).ConfigureAwait(false);
            return new XmppClient(socket, domain);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Stream, optional STARTTLS, SASL SCRAM, stream restart, resource binding and (if the server
    /// requires it) session establishment: RFC 6120 §4–§7, RFC 3921 §3.
    /// </summary>
    public async Task LoginAsync(LoginRequest request, CancellationToken ct)
    {
        var features = await NegotiateTlsAsync(request.StartTls, request.Domain, ct).ConfigureAwait(false);
        Stage = "SASL";
        await AuthenticateAsync(features, request, ct).ConfigureAwait(false);

        Stage = "stream restart";
        _parser.Reset();
        features = await OpenStreamAsync(ct).ConfigureAwait(false);
        if (features.Child("bind", Ns.Bind) is null)
        {
            throw new XmppBenchException("The server offers no resource binding after authentication: " + features);
        }

        var bind = new Element("iq", Ns.Client).SetAttribute("type", "set").SetAttribute("id", "bind");
        bind.AddElement("bind", Ns.Bind).AddElement("resource", Ns.Bind).AddText(request.Resource);
        Stage = "bind";
        var bound = await RequestAsync(bind, "bind", ct).ConfigureAwait(false);
        BoundJid = bound.Child("bind", Ns.Bind)?.Child("jid", Ns.Bind)?.Text;
        if (string.IsNullOrEmpty(BoundJid))
        {
            throw new XmppBenchException("The bind result carries no JID: " + bound);
        }

        // RFC 3921 session: only if advertised without <optional/> (RFC 6121 dropped it).
        var session = features.Child("session", Ns.Session);
        if (session is not null && session.Child("optional", Ns.Session) is null)
        {
            var iq = new Element("iq", Ns.Client).SetAttribute("type", "set").SetAttribute("id", "sess");
            iq.AddElement("session", Ns.Session);
            Stage = "session";
            await RequestAsync(iq, "sess", ct).ConfigureAwait(false);
        }

        Stage = "established";
    }

    /// <summary>
    /// In-band registration (XEP-0077) of one account on a fresh connection, for servers that
    /// can only be provisioned over XMPP. False when the account already exists.
    /// </summary>
    public async Task<bool> RegisterAsync(string domain, string username, string password, bool startTls, CancellationToken ct)
    {
        _ = await NegotiateTlsAsync(startTls, domain, ct).ConfigureAwait(false);
        var iq = new Element("iq", Ns.Client).SetAttribute("type", "set").SetAttribute("id", "reg");
        var query = iq.AddElement("query", RegisterNamespace);
        query.AddElement("username", RegisterNamespace).AddText(username);
        query.AddElement("password", RegisterNamespace).AddText(password);
        await SendAsync(iq, ct).ConfigureAwait(false);
        while (true)
        {
            var reply = await NextElementAsync(ct).ConfigureAwait(false);
            if (reply.Is("iq", Ns.Client) && reply.GetAttribute("id") == "reg")
            {
                if (reply.GetAttribute("type") == "result")
                {
                    return true;
                }

                if (reply.Child("error", Ns.Client)?.Child("conflict", Ns.Stanzas) is not null)
                {
                    return false;
                }

                throw new XmppBenchException("Registration refused: " + reply);
            }
        }
    }

    /// <summary>Writes one stanza and flushes it.</summary>
    public async ValueTask SendAsync(Element element, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            StanzaWriter.Write(element, _writer, Ns.Client);
            await _writer.FlushAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Starts sending <paramref name="element"/> without waiting for it; false (and nothing sent)
    /// when this connection already has <see cref="MaxPendingSends"/> stanzas waiting, so a stalled
    /// server cannot make the load generator queue without bound.
    /// </summary>
    public bool TrySend(Element element, Action<Exception>? onError)
    {
        if (Interlocked.Increment(ref _pendingSends) > MaxPendingSends || Closed)
        {
            Interlocked.Decrement(ref _pendingSends);
            return false;
        }

        _ = SendTrackedAsync(element, onError);
        return true;
    }

    /// <summary>
    /// Sends an IQ request (with an id) while the receive loop runs and returns the server's answer
    /// (result or error), or throws after <paramref name="timeout"/>. One request at a time.
    /// </summary>
    public async Task<Element> QueryWhileReceivingAsync(Element iq, TimeSpan timeout)
    {
        var answer = new TaskCompletionSource<Element>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingRequestId = iq.GetAttribute("id");
        Volatile.Write(ref _pendingRequest, answer);
        await SendAsync(iq, CancellationToken.None).ConfigureAwait(false);
        return await answer.Task.WaitAsync(timeout).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads until the stream or connection ends, answering pings and handing each
    /// <c>&lt;message/&gt;</c> to <paramref name="onMessage"/> with the Stopwatch timestamp at
    /// which its bytes were read.
    /// </summary>
    public void StartReceiveLoop(Action<Element, long>? onMessage, CancellationToken ct) =>
        _receiveLoop = RunReceiveLoopAsync(onMessage, ct);

    /// <summary>
    /// Ends the stream politely (RFC 6120 §4.4): sends the close tag, waits up to
    /// <paramref name="wait"/> for the server's, then releases the socket.
    /// </summary>
    public async Task CloseAsync(TimeSpan wait)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        try
        {
            using var cts = new CancellationTokenSource(wait);
            await _writeLock.WaitAsync(cts.Token).ConfigureAwait(false);
            try
            {
                _writer.Write(s_streamClose);
                await _writer.FlushAsync(cts.Token).ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }

            if (_receiveLoop.IsCompleted && !Closed)
            {
                // No loop running (e.g. right after a timed login): read until the server's close tag.
                while (true)
                {
                    var evt = await NextEventAsync(cts.Token).ConfigureAwait(false);
                    if (evt.Kind == StreamEventKind.Closed)
                    {
                        break;
                    }
                }
            }
            else
            {
                await _receiveLoop.WaitAsync(cts.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException
            or XmppBenchException or StreamErrorException or ObjectDisposedException or InvalidOperationException)
        {
            // The connection goes either way; a server that does not answer the close is not measured here.
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Closed = true;
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }

        _socket.Dispose();
        try
        {
            await _receiveLoop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }

        await _reader.CompleteAsync().ConfigureAwait(false);
        await _writer.CompleteAsync().ConfigureAwait(false);
        if (_tls is not null)
        {
            await _tls.DisposeAsync().ConfigureAwait(false);
        }

        await _network.DisposeAsync().ConfigureAwait(false);
        _writeLock.Dispose();
    }

    private async Task SendTrackedAsync(Element element, Action<Exception>? onError)
    {
        try
        {
            await SendAsync(element, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            Closed = true;
            onError?.Invoke(e);
        }
        finally
        {
            Interlocked.Decrement(ref _pendingSends);
        }
    }

    private async Task RunReceiveLoopAsync(Action<Element, long>? onMessage, CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync(ct).ConfigureAwait(false);
                var now = Stopwatch.GetTimestamp();
                var buffer = result.Buffer;
                while (_parser.TryRead(ref buffer, out var evt))
                {
                    if (evt.Kind == StreamEventKind.Closed)
                    {
                        Closed = true;
                        _reader.AdvanceTo(buffer.Start, buffer.End);
                        return;
                    }

                    if (evt.Kind == StreamEventKind.Element)
                    {
                        Handle(evt.Element!, now, onMessage);
                    }
                }

                _reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    Closed = true;
                    Error ??= "connection closed by the server without </stream:stream>";
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or StreamErrorException or InvalidOperationException)
        {
            Closed = true;
            if (Volatile.Read(ref _disposed) == 0)
            {
                Error ??= e.Message;
            }
        }
    }

    private void Handle(Element element, long timestamp, Action<Element, long>? onMessage)
    {
        if (element.Is("message", Ns.Client))
        {
            onMessage?.Invoke(element, timestamp);
        }
        else if (element.Is("iq", Ns.Client))
        {
            var type = element.GetAttribute("type");
            if (type is "result" or "error" && element.GetAttribute("id") == _pendingRequestId
                && Interlocked.Exchange(ref _pendingRequest, null) is { } pending)
            {
                pending.TrySetResult(element);
            }
            else if (type is "get" or "set")
            {
                // Answer pings (servers may use them to check liveness) and refuse everything else.
                var reply = new Element("iq", Ns.Client).SetAttribute("id", element.GetAttribute("id") ?? "");
                if (element.GetAttribute("from") is { } from)
                {
                    reply.SetAttribute("to", from);
                }

                if (type == "get" && element.Child("ping", PingNamespace) is not null)
                {
                    reply.SetAttribute("type", "result");
                }
                else
                {
                    reply.SetAttribute("type", "error");
                    reply.AddElement("error", Ns.Client).SetAttribute("type", "cancel")
                        .AddElement("service-unavailable", Ns.Stanzas);
                }

                TrySend(reply, null);
            }
        }
        else if (element.Is("error", Ns.Streams))
        {
            Error ??= "stream error: " + element;
        }
    }

    /// <summary>Opens the stream and runs STARTTLS if asked; returns the features to continue with.</summary>
    private async Task<Element> NegotiateTlsAsync(bool startTls, string domain, CancellationToken ct)
    {
        Stage = "stream header";
        var features = await OpenStreamAsync(ct).ConfigureAwait(false);
        var starttls = features.Child("starttls", Ns.Tls);
        if (startTls)
        {
            if (starttls is null)
            {
                throw new XmppBenchException("The server does not offer STARTTLS.");
            }

            Stage = "STARTTLS";
            await SendAsync(new Element("starttls", Ns.Tls), ct).ConfigureAwait(false);
            var answer = await NextElementAsync(ct).ConfigureAwait(false);
            if (!answer.Is("proceed", Ns.Tls))
            {
                throw new XmppBenchException("STARTTLS refused: " + answer);
            }

            await UpgradeToTlsAsync(domain, ct).ConfigureAwait(false);
            features = await OpenStreamAsync(ct).ConfigureAwait(false);
        }
        else if (starttls?.Child("required", Ns.Tls) is not null)
        {
            throw new XmppBenchException("The server requires STARTTLS: run with --starttls, or allow plaintext c2s on the server.");
        }

        return features;
    }

    private async Task<Element> OpenStreamAsync(CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            _writer.Write(_streamHeader);
            await _writer.FlushAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }

        var opened = await NextEventAsync(ct).ConfigureAwait(false);
        if (opened.Kind != StreamEventKind.Opened)
        {
            throw new XmppBenchException("Expected a stream header, got " + opened);
        }

        var features = await NextElementAsync(ct).ConfigureAwait(false);
        if (!features.Is("features", Ns.Streams))
        {
            throw new XmppBenchException("Expected <stream:features/>, got " + features);
        }

        return features;
    }

    private async Task AuthenticateAsync(Element features, LoginRequest request, CancellationToken ct)
    {
        var scram = new CachedScramClient(request.Mechanism, request.Username, request.PreparedPassword, request.KeyCache);
        var offered = features.Child("mechanisms", Ns.Sasl)?.Elements("mechanism", Ns.Sasl).Select(m => m.Text.Trim()).ToList() ?? [];
        if (!offered.Contains(scram.MechanismName, StringComparer.Ordinal))
        {
            throw new XmppBenchException($"The server does not offer {scram.MechanismName} (it offers: {string.Join(' ', offered)}).");
        }

        var auth = new Element("auth", Ns.Sasl).SetAttribute("mechanism", scram.MechanismName)
            .AddText(Convert.ToBase64String(scram.CreateClientFirst()));
        await SendAsync(auth, ct).ConfigureAwait(false);

        var challenge = await NextElementAsync(ct).ConfigureAwait(false);
        ThrowIfFailure(challenge, request.Username);
        if (!challenge.Is("challenge", Ns.Sasl))
        {
            throw new XmppBenchException("Expected a SASL challenge, got " + challenge);
        }

        var response = new Element("response", Ns.Sasl)
            .AddText(Convert.ToBase64String(scram.CreateClientFinal(Convert.FromBase64String(challenge.Text.Trim()))));
        await SendAsync(response, ct).ConfigureAwait(false);

        var outcome = await NextElementAsync(ct).ConfigureAwait(false);
        ThrowIfFailure(outcome, request.Username);
        if (outcome.Is("challenge", Ns.Sasl))
        {
            // Older servers send the server-final-message as a challenge and success empty (RFC 6120 §6.3.10).
            if (!scram.VerifyServerFinal(Convert.FromBase64String(outcome.Text.Trim())))
            {
                throw new XmppBenchException("The server's signature does not verify: the server does not know the password.");
            }

            await SendAsync(new Element("response", Ns.Sasl), ct).ConfigureAwait(false);
            outcome = await NextElementAsync(ct).ConfigureAwait(false);
            ThrowIfFailure(outcome, request.Username);
            if (!outcome.Is("success", Ns.Sasl))
            {
                throw new XmppBenchException("Expected SASL success, got " + outcome);
            }

            return;
        }

        if (!outcome.Is("success", Ns.Sasl))
        {
            throw new XmppBenchException("Expected SASL success, got " + outcome);
        }

        if (!scram.VerifyServerFinal(Convert.FromBase64String(outcome.Text.Trim())))
        {
            throw new XmppBenchException("The server's signature does not verify: the server does not know the password.");
        }
    }

    private static void ThrowIfFailure(Element element, string username)
    {
        if (element.Is("failure", Ns.Sasl))
        {
            var condition = element.FirstElement()?.Name ?? "(no condition)";
            throw new XmppBenchException($"SASL failure for {username}: {condition}. Are the accounts provisioned with this password?");
        }
    }

    [SuppressMessage("Security", "CA5359:Do not disable certificate validation", Justification = "Benchmark against a throwaway server on loopback only (BenchOptions.ResolveLoopback); its certificate is self-signed.")]
    private async Task UpgradeToTlsAsync(string domain, CancellationToken ct)
    {
        // Nothing may follow <proceed/> on the plaintext stream: drop the plaintext pipes, keep the socket.
        await _reader.CompleteAsync().ConfigureAwait(false);
        await _writer.CompleteAsync().ConfigureAwait(false);
        _tls = new SslStream(_network, leaveInnerStreamOpen: true);
        await _tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = domain,
                RemoteCertificateValidationCallback = static (_, _, _, _) => true,
            },
            ct).ConfigureAwait(false);
        _reader = PipeReader.Create(_tls, s_readerOptions);
        _writer = PipeWriter.Create(_tls, s_writerOptions);
        _parser.Reset();
    }

    private async Task<Element> RequestAsync(Element iq, string id, CancellationToken ct)
    {
        await SendAsync(iq, ct).ConfigureAwait(false);
        while (true)
        {
            var reply = await NextElementAsync(ct).ConfigureAwait(false);
            if (reply.Is("iq", Ns.Client) && reply.GetAttribute("id") == id)
            {
                if (reply.GetAttribute("type") != "result")
                {
                    throw new XmppBenchException("The server refused " + id + ": " + reply);
                }

                return reply;
            }
        }
    }

    private async Task<Element> NextElementAsync(CancellationToken ct)
    {
        while (true)
        {
            var evt = await NextEventAsync(ct).ConfigureAwait(false);
            switch (evt.Kind)
            {
                case StreamEventKind.Element when evt.Element!.Is("error", Ns.Streams):
                    throw new XmppBenchException("Stream error from the server: " + evt.Element);
                case StreamEventKind.Element:
                    return evt.Element!;
                case StreamEventKind.Closed:
                    throw new XmppBenchException("The server closed the stream.");
                default:
                    throw new XmppBenchException("Unexpected stream header in the middle of a stream.");
            }
        }
    }

    private async Task<StreamEvent> NextEventAsync(CancellationToken ct)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (_parser.TryRead(ref buffer, out var evt))
            {
                _reader.AdvanceTo(buffer.Start);
                return evt;
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new XmppBenchException("The server closed the connection.");
            }
        }
    }
}

/// <summary>Who logs in, and how.</summary>
internal sealed record LoginRequest(
    string Domain,
    string Username,
    string PreparedPassword,
    string Resource,
    bool StartTls,
    Snikket.Xmpp.Sasl.ScramHash Mechanism,
    ScramKeyCache KeyCache);
