using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Authentication.ExtendedProtection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Snikket.Server.Connections;
using Snikket.Server.Hosting;
using Snikket.Server.Routing;
using Snikket.Server.Sessions;
using Snikket.Server.Streams.Sasl;
using Snikket.Server.Tls;
using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Streams;

/// <summary>
/// One client connection from first byte to last (RFC 6120): stream header, STARTTLS, SASL,
/// stream restart, resource binding, then the session's read loop. Negotiation is one linear
/// method, <see cref="NegotiateAsync"/>; anything unexpected is a <see cref="StreamErrorException"/>
/// that ends the stream with the matching error.
/// </summary>
internal sealed partial class ClientStream(ConnectionContext connection, StreamContext context) : IHeartbeatTarget, IAsyncDisposable
{
    /// <summary>Key of the connection item holding the certificate a direct-TLS handshake used.</summary>
    public const string CertificateItem = "snikket.certificate";

    private static readonly byte[] s_closeTag = "</stream:stream>"u8.ToArray();

    private readonly XmlStreamParser _parser = new(context.Options.Limits);
    private readonly long _startedAt = Environment.TickCount64;
    private PipeReader _input = connection.Transport.Input;
    private PipeWriter _output = connection.Transport.Output;
    private StreamEventReader? _reader;
    private SslStream? _tls;
    private byte[]? _channelBinding;
    private byte[]? _tlsUnique;
    private bool _encrypted;
    private bool _headerSent;
    private string _streamId = "";
    private ClientSession? _session;

    private ILogger Logger => context.Logger;

    public async Task RunAsync()
    {
        var ct = connection.ConnectionClosed;
        _encrypted = connection.Features.Get<ITlsHandshakeFeature>() is not null;
        if (_encrypted && connection.Items.TryGetValue(CertificateItem, out var item) && item is ServerCertificate certificate)
        {
            _channelBinding = certificate.ChannelBinding;
            _tlsUnique = TlsUnique(connection.Features.Get<ISslStreamFeature>()?.SslStream);
        }

        _reader = new StreamEventReader(_input, _parser);
        context.Heartbeat.Add(this);
        try
        {
            var username = await NegotiateAsync(ct);
            await ServeAsync(username, ct);
        }
        catch (StreamErrorException e)
        {
            Log.StreamError(Logger, connection.ConnectionId, e.Condition.ToElementName(), e.Text);
            await FailAsync(e);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or AuthenticationException or ConnectionResetException)
        {
            Log.ConnectionLost(Logger, connection.ConnectionId, e.GetType().Name);
        }
        finally
        {
            context.Heartbeat.Remove(this);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_tls is not null)
        {
            await _tls.DisposeAsync();
        }
    }

    /// <summary>Everything before the session: returns the authenticated username.</summary>
    private async Task<string> NegotiateAsync(CancellationToken ct)
    {
        await OpenStreamAsync(ct);
        Element? first = null;
        if (!_encrypted)
        {
            var plaintextAllowed = !context.Options.RequireEncryption;
            await SendFeaturesAsync(ct, StartTlsFeature(required: !plaintextAllowed), plaintextAllowed ? MechanismsFeature() : null);
            first = await ReadElementAsync(ct);
            if (first.Name == "starttls" && first.Namespace == Ns.Tls)
            {
                await StartTlsAsync(ct);
                await OpenStreamAsync(ct);
                first = null;
            }
            else if (!plaintextAllowed)
            {
                // RFC 6120 §5.3.1: with TLS mandatory-to-negotiate, nothing else is acceptable.
                throw new StreamErrorException(StreamErrorCondition.PolicyViolation, "Use STARTTLS first.");
            }
        }

        if (first is null)
        {
            await SendFeaturesAsync(ct, [MechanismsFeature(), ChannelBindingFeature(), .. context.StreamFeatures(StreamStage.BeforeAuth)]);
        }

        var username = await AuthenticateAsync(first, ct);
        _parser.Reset();
        await OpenStreamAsync(ct);
        await SendFeaturesAsync(
            ct,
            [
                new Element("bind", Ns.Bind),
                new Element("session", Ns.Session).Add(new Element("optional", Ns.Session)),
                StreamManagementNonzas.Feature(),
                .. context.StreamFeatures(StreamStage.AfterAuth),
            ]);
        return username;
    }

    /// <summary>Reads the client's stream header, checks it, and answers with ours (RFC 6120 §4.7).</summary>
    private async Task OpenStreamAsync(CancellationToken ct)
    {
        // Every restart is a new stream, which gets a new header of ours.
        _headerSent = false;
        var evt = await _reader!.ReadAsync(ct) ?? throw new OperationCanceledException("The client closed before opening a stream.");
        if (evt.Kind != StreamEventKind.Opened)
        {
            throw new StreamErrorException(StreamErrorCondition.NotWellFormed, "Expected a stream header.");
        }

        var header = evt.Header!;
        _streamId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        header.Attributes.TryGetValue("from", out var from);
        await WriteHeaderAsync(Jid.TryParse(from ?? "", out var fromJid) && fromJid.Resource is null ? fromJid.ToString() : null, ct);

        if (header.Name != "stream" || header.Namespace != Ns.Streams || header.DefaultNamespace != Ns.Client)
        {
            throw new StreamErrorException(StreamErrorCondition.InvalidNamespace, "Expected <stream:stream> with the jabber:client namespace.");
        }

        if (!header.Attributes.TryGetValue("to", out var to) || !Jid.TryParse(to, out var toJid) || toJid != context.Server.DomainJid)
        {
            throw new StreamErrorException(StreamErrorCondition.HostUnknown, $"This server is {context.Server.Domain}.");
        }

        if (!header.Attributes.TryGetValue("version", out var version) || !version.StartsWith("1.", StringComparison.Ordinal))
        {
            throw new StreamErrorException(StreamErrorCondition.UnsupportedVersion, "This server speaks XMPP 1.0.");
        }
    }

    /// <summary>RFC 6120 §5.4.3.3: answer &lt;proceed/&gt;, then run the TLS handshake over the same socket.</summary>
    private async Task StartTlsAsync(CancellationToken ct)
    {
        if (!await _reader!.DiscardBufferedWhitespaceAsync(ct))
        {
            // Bytes pipelined after <starttls/> would be read as if they had been encrypted (the
            // CVE-2011-0411 family). A well-behaved client never sends them.
            throw new StreamErrorException(StreamErrorCondition.PolicyViolation, "Data after <starttls/> before the TLS handshake.");
        }

        await WriteAsync(new Element("proceed", Ns.Tls), ct);
        var certificate = context.Certificates.Current;
        _tls = new SslStream(new DuplexPipeStream(connection.Transport), leaveInnerStreamOpen: false);
        await _tls.AuthenticateAsServerAsync(TlsSettings.ServerOptions(certificate, []), ct);
        _channelBinding = certificate.ChannelBinding;
        _tlsUnique = TlsUnique(_tls);
        _encrypted = true;
        _input = PipeReader.Create(_tls, new StreamPipeReaderOptions(leaveOpen: true));
        _output = PipeWriter.Create(_tls, new StreamPipeWriterOptions(leaveOpen: true));
        _parser.Reset();
        _reader = new StreamEventReader(_input, _parser);
    }

    /// <summary>
    /// Runs SASL exchanges (RFC 6120 §6) until one succeeds; returns the username. Before (and
    /// between) them, an encrypted stream may carry IQs that modules registered with
    /// <see cref="ModuleRegistry.OnPreAuthIq"/> — XEP-0445's preauth token, invite-only XEP-0077
    /// registration — answered by that module, with the stream's <see cref="PreAuthState"/> to
    /// remember a validated invite. They are bounded in number and size; anything else that is not
    /// &lt;auth/&gt; ends the stream as before.
    /// </summary>
    private async Task<string> AuthenticateAsync(Element? first, CancellationToken ct)
    {
        var failures = 0;
        var preAuthIqs = 0;
        var preAuth = new PreAuthState((connection.RemoteEndPoint as System.Net.IPEndPoint)?.Address);
        var authenticator = new SaslAuthenticator(context, _encrypted, _channelBinding, _tlsUnique, ReadElementAsync, WriteAsync);
        while (true)
        {
            var auth = first ?? await ReadElementAsync(ct);
            first = null;
            if (_encrypted && PreAuthHandler(auth) is { } handler)
            {
                if (++preAuthIqs > context.Options.MaxPreAuthIqs || Encoding.UTF8.GetByteCount(StanzaWriter.ToXml(auth, Ns.Client)) > context.Options.MaxPreAuthIqBytes)
                {
                    throw new StreamErrorException(StreamErrorCondition.PolicyViolation, "Too many or too large requests before authentication.");
                }

                await WriteAsync(await handler(new PreAuthIq(auth, auth.Elements().First(), preAuth), ct), ct);
                continue;
            }

            if (auth.Name != "auth" || auth.Namespace != Ns.Sasl)
            {
                throw new StreamErrorException(StreamErrorCondition.NotAuthorized, "Authenticate first.");
            }

            var outcome = await authenticator.RunAsync(auth, ct);
            if (outcome.Username is not null)
            {
                Log.Authenticated(Logger, connection.ConnectionId, outcome.Username, auth.GetAttribute("mechanism") ?? "");
                return outcome.Username;
            }

            Log.AuthenticationFailed(Logger, connection.ConnectionId, auth.GetAttribute("mechanism") ?? "", outcome.Failure!);
            if (++failures >= context.Options.MaxAuthFailures)
            {
                throw new StreamErrorException(StreamErrorCondition.PolicyViolation, "Too many failed authentication attempts.");
            }
        }
    }

    /// <summary>
    /// The module handler for a pre-authentication IQ: a get or set with exactly one child, to no
    /// one or to this server, whose payload a module registered. Null for anything else.
    /// </summary>
    private PreAuthIqHandler? PreAuthHandler(Element element)
    {
        if (element.Name != "iq" || element.Namespace != Ns.Client || element.GetAttribute("type") is not ("get" or "set"))
        {
            return null;
        }

        var to = element.GetAttribute("to");
        if (to is not null && (!Jid.TryParse(to, out var toJid) || toJid != context.Server.DomainJid))
        {
            return null;
        }

        var children = element.Elements().Take(2).ToList();
        return children.Count == 1 ? context.Handlers.FindPreAuthIq(children[0].Namespace, children[0].Name) : null;
    }

    /// <summary>Resource binding (RFC 6120 §7), then the session's read loop until the stream ends.</summary>
    private async Task ServeAsync(string username, CancellationToken ct)
    {
        var (session, resend) = await BindAsync(username, ct);
        var writer = session.Outbox.Start(_output, Ns.Client, resend, ct);
        var connectionLost = false;
        try
        {
            if (resend is not null)
            {
                await context.Events.PublishAsync(new SessionResumed(session), ct);
            }

            // Not the connection's token: a client that sends its last stanzas and hangs up at once
            // (go-sendxmpp does) has them in our buffer, and a read cancelled by the hang-up would
            // drop them unread; a stanza being routed finishes its storage commit. The loop ends
            // when the transport drains, or by CancelPendingRead (timeouts, takeover, shutdown).
            var serving = CancellationToken.None;
            while (true)
            {
                var evt = await _reader!.ReadAsync(serving);
                if (evt is null)
                {
                    connectionLost = true;
                    break;
                }

                if (evt.Value.Kind == StreamEventKind.Closed)
                {
                    break;
                }

                var element = evt.Value.Element!;
                if (Stanza.IsStanza(element, Ns.Client))
                {
                    await context.Router.RouteAsync(session, element, serving);

                    // XEP-0198: handled only now, after routing (and the storage commit it awaits) finished.
                    session.StreamManagement?.CountHandled();
                }
                else if (element.Namespace == StreamManagement.Ns)
                {
                    StreamManagementNonzas.Handle(session, element, context.Resumable, context.Options);
                }
                else if (context.Handlers.FindNonza(element.Namespace) is { } nonza)
                {
                    await nonza(session, element, ct);
                }
                else
                {
                    throw new StreamErrorException(StreamErrorCondition.UnsupportedStanzaType, $"<{element.Name}/> is not a stanza.");
                }
            }
        }
        catch (StreamErrorException e) when (e.Condition == StreamErrorCondition.ConnectionTimeout && session.StreamManagement?.ResumeId is not null)
        {
            // A silent connection is most likely a dead one: keep the session for its resumption.
            Log.StreamError(Logger, connection.ConnectionId, e.Condition.ToElementName(), e.Text);
            connectionLost = true;
        }
        catch (StreamErrorException e)
        {
            Log.StreamError(Logger, connection.ConnectionId, e.Condition.ToElementName(), e.Text);
            session.Outbox.Close(e);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionResetException)
        {
            Log.ConnectionLost(Logger, connection.ConnectionId, e.GetType().Name);
            connectionLost = true;
        }
        finally
        {
            await LeaveAsync(session, writer, connectionLost);
        }
    }

    /// <summary>
    /// The stream is over. With resumable stream management and a lost connection the session waits
    /// for its client to come back; otherwise it ends. A session already resumed on another stream
    /// is left alone.
    /// </summary>
    private async Task LeaveAsync(ClientSession session, Task writer, bool connectionLost)
    {
        if (connectionLost && ResumableSessions.TryHibernate(session, this, () => _ = context.Teardown.EndAsync(session, session.StreamManagement!, Task.CompletedTask)))
        {
            await session.Outbox.DetachAsync();
            connection.Abort(new ConnectionAbortedException("The session waits to be resumed."));
            Log.Hibernating(Logger, connection.ConnectionId, session.Jid.ToString());
            return;
        }

        if (!session.IsAttachedTo(this))
        {
            // Resumed on another connection, which now writes for it.
            connection.Abort(new ConnectionAbortedException("The session was resumed elsewhere."));
            return;
        }

        await context.Teardown.EndAsync(session, this, writer);
        Log.SessionEnded(Logger, connection.ConnectionId, session.Jid.ToString());
    }

    /// <summary>
    /// Binds a resource, or resumes a session (XEP-0198 §5) in its place. For a resumed session,
    /// also returns the stanzas to send again: those the client had not acknowledged.
    /// </summary>
    private async Task<(ClientSession Session, IReadOnlyList<Element>? Resend)> BindAsync(string username, CancellationToken ct)
    {
        while (true)
        {
            var iq = await ReadElementAsync(ct);
            if (iq.Namespace == StreamManagement.Ns)
            {
                if (iq.Name == "resume" && await TryResumeAsync(username, iq, ct) is { } resumed)
                {
                    return resumed;
                }

                if (iq.Name != "resume")
                {
                    // XEP-0198 §3: stream management is enabled after binding, not before.
                    await WriteAsync(StreamManagementNonzas.Failed("unexpected-request"), ct);
                }

                continue;
            }

            var bind = iq.Name == "iq" && iq.Namespace == Ns.Client && iq.GetAttribute("type") == "set"
                ? iq.Child("bind", Ns.Bind)
                : null;
            if (bind is null)
            {
                if (iq.Name != "iq" || iq.Namespace != Ns.Client)
                {
                    throw new StreamErrorException(StreamErrorCondition.NotAuthorized, "Bind a resource first.");
                }

                // RFC 6120 §7.1: no stanza is processed before a resource is bound.
                await WriteAsync(Stanza.ErrorReply(iq, StanzaError.NotAllowed("Bind a resource first.")), ct);
                continue;
            }

            var requested = bind.Child("resource", Ns.Bind)?.Text;
            var resource = string.IsNullOrEmpty(requested) ? GenerateResource() : requested;
            Jid jid;
            try
            {
                jid = Jid.Create(username, context.Server.Domain, resource);
            }
            catch (FormatException)
            {
                await WriteAsync(Stanza.ErrorReply(iq, StanzaError.BadRequest("That resource is not allowed.")), ct);
                continue;
            }

            _session = new ClientSession(jid, new Outbox(context.Options.OutboxCapacity));
            _session.Attach(this, () => _reader?.Stop());
            if (!context.Sessions.TryBind(_session, context.Options.MaxSessionsPerAccount, out var replaced))
            {
                _session = null;
                throw new StreamErrorException(
                    StreamErrorCondition.PolicyViolation,
                    $"This account already has {context.Options.MaxSessionsPerAccount} connected clients; close one first.");
            }

            replaced?.Close(new StreamErrorException(StreamErrorCondition.Conflict, "Replaced by a new connection with the same resource."));

            var result = Stanza.IqResult(iq).SetAttribute("from", null).SetAttribute("to", null);
            result.AddElement("bind", Ns.Bind).AddElement("jid", Ns.Bind).AddText(jid.ToString());
            try
            {
                await WriteAsync(result, ct);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionResetException)
            {
                // The client left before its answer, but the session is registered: it must end
                // through ServeAsync's teardown (whose read finds the connection gone), not be left behind.
                Log.ConnectionLost(Logger, connection.ConnectionId, e.GetType().Name);
            }

            Log.Bound(Logger, connection.ConnectionId, jid.ToString());

            // Not cancelled by the client leaving: a module that missed SessionBound would not
            // clean up at SessionClosed (and the session would not end), and the handlers are short.
            await context.Events.PublishAsync(new SessionBound(_session), CancellationToken.None);
            return (_session, null);
        }
    }

    /// <summary>
    /// XEP-0198 §5: takes over the session <c>previd</c> names if it is this account's and still
    /// waiting (or still attached to a connection the client has given up on), answers
    /// &lt;resumed/&gt;, and returns what to resend. Null, after answering &lt;failed/&gt;, otherwise.
    /// </summary>
    private async Task<(ClientSession, IReadOnlyList<Element>?)?> TryResumeAsync(string username, Element resume, CancellationToken ct)
    {
        var h = StreamManagementNonzas.ParseH(resume);
        var session = context.Resumable.Find(resume.GetAttribute("previd") ?? "", username);
        if (h is null || session is null)
        {
            await WriteAsync(StreamManagementNonzas.Failed(h is null ? "bad-request" : "item-not-found"), ct);
            return null;
        }

        var sm = session.StreamManagement!;
        if (!sm.Acknowledge(h.Value, out var sent))
        {
            throw StreamManagementNonzas.TooHigh(h.Value, sent);
        }

        if (!ResumableSessions.TryTakeOver(session, this, () => _reader?.Stop()))
        {
            await WriteAsync(StreamManagementNonzas.Failed("item-not-found"), ct);
            return null;
        }

        // The old writer must be gone before a new one reads the same queue.
        await session.Outbox.DetachAsync();
        _session = session;
        await WriteAsync(
            new Element("resumed", StreamManagement.Ns)
                .SetAttribute("h", sm.Handled.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .SetAttribute("previd", sm.ResumeId),
            ct);
        Log.Resumed(Logger, connection.ConnectionId, session.Jid.ToString());
        return (session, sm.Unacked());
    }

    /// <summary>
    /// RFC 5929 §3 tls-unique, for clients that know no other channel binding (COMPAT: slixmpp 1.8).
    /// OpenSSL yields it on TLS 1.3 too, as the client's libraries compute it; null where unavailable.
    /// </summary>
    private static byte[]? TlsUnique(SslStream? tls)
    {
        using var binding = tls?.TransportContext?.GetChannelBinding(ChannelBindingKind.Unique);
        if (binding is null || binding.IsInvalid || binding.Size == 0)
        {
            return null;
        }

        // The handle holds a Windows SEC_CHANNEL_BINDINGS block (eight 32-bit fields, the last two
        // being the application data's length and offset) whose data is "tls-unique:" + the bytes.
        var raw = new byte[binding.Size];
        System.Runtime.InteropServices.Marshal.Copy(binding.DangerousGetHandle(), raw, 0, raw.Length);
        var length = BitConverter.ToInt32(raw, 24);
        var offset = BitConverter.ToInt32(raw, 28);
        var prefix = "tls-unique:"u8;
        if (offset < 32 || length < prefix.Length || offset + length > raw.Length || !raw.AsSpan(offset, prefix.Length).SequenceEqual(prefix))
        {
            return null;
        }

        return raw.AsSpan(offset + prefix.Length, length - prefix.Length).ToArray();
    }

    private static string GenerateResource() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>Reads the next element before the session starts; the stream closing here is an error.</summary>
    private async Task<Element> ReadElementAsync(CancellationToken ct)
    {
        var evt = await _reader!.ReadAsync(ct) ?? throw new OperationCanceledException("The client went away during negotiation.");
        return evt.Kind switch
        {
            StreamEventKind.Element => evt.Element!,
            StreamEventKind.Closed => throw new OperationCanceledException("The client closed the stream during negotiation."),
            _ => throw new StreamErrorException(StreamErrorCondition.NotWellFormed, "Unexpected stream header."),
        };
    }

    private Task SendFeaturesAsync(CancellationToken ct, params ReadOnlySpan<Element?> offered)
    {
        var features = new Element("features", Ns.Streams);
        foreach (var feature in offered)
        {
            if (feature is not null)
            {
                features.Add(feature);
            }
        }

        return WriteAsync(features, ct);
    }

    private static Element StartTlsFeature(bool required)
    {
        var starttls = new Element("starttls", Ns.Tls);
        if (required)
        {
            starttls.AddElement("required", Ns.Tls);
        }

        return starttls;
    }

    private Element MechanismsFeature()
    {
        var mechanisms = new Element("mechanisms", Ns.Sasl);
        foreach (var name in SaslMechanisms.Offered(_encrypted, _channelBinding is not null))
        {
            mechanisms.AddElement("mechanism", Ns.Sasl).AddText(name);
        }

        return mechanisms;
    }

    /// <summary>XEP-0440: tells the client which channel-binding type the -PLUS mechanisms use.</summary>
    private Element? ChannelBindingFeature()
    {
        if (_channelBinding is null)
        {
            return null;
        }

        var feature = new Element("sasl-channel-binding", SaslAuthenticator.ChannelBindingNs);
        feature.AddElement("channel-binding", SaslAuthenticator.ChannelBindingNs).SetAttribute("type", "tls-server-end-point");
        return feature;
    }

    private async Task WriteHeaderAsync(string? to, CancellationToken ct)
    {
        if (_headerSent)
        {
            return;
        }

        _headerSent = true;
        var header = new StringBuilder(256)
            .Append("<?xml version='1.0'?><stream:stream xmlns='").Append(Ns.Client)
            .Append("' xmlns:stream='").Append(Ns.Streams)
            .Append("' id='").Append(_streamId)
            .Append("' from='").Append(context.Server.Domain).Append('\'');
        if (to is not null)
        {
            // A bare JID or domain: RFC 7622 keeps quotes, '&' and '<' out of both.
            header.Append(" to='").Append(to).Append('\'');
        }

        header.Append(" version='1.0' xml:lang='en'>");
        _output.Write(Encoding.UTF8.GetBytes(header.ToString()));
        await _output.FlushAsync(ct);
    }

    private async Task WriteAsync(Element element, CancellationToken ct)
    {
        StanzaWriter.Write(element, _output, Ns.Client);
        await _output.FlushAsync(ct);
    }

    /// <summary>RFC 6120 §4.9.1: send the stream error (after a header, if none went out yet), then close.</summary>
    private async Task FailAsync(StreamErrorException error)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            if (!_headerSent)
            {
                _streamId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
                await WriteHeaderAsync(null, timeout.Token);
            }

            StanzaWriter.Write(error.ToElement(), _output, Ns.Client);
            _output.Write(s_closeTag);
            await _output.FlushAsync(timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The peer is gone or not reading: nothing more to say.
        }
    }

    /// <summary>Timeouts, checked by the shared heartbeat rather than a timer per connection.</summary>
    public void OnHeartbeat(long now)
    {
        var options = context.Options;
        var session = _session;
        if (session is null)
        {
            if (now - _startedAt > (long)options.PreauthTimeout.TotalMilliseconds)
            {
                if (now - _startedAt > (long)options.PreauthTimeout.TotalMilliseconds + 5000)
                {
                    // A handshake that never completes is not waiting on the parser: cut it.
                    connection.Abort(new ConnectionAbortedException("Pre-authentication timeout."));
                }
                else
                {
                    _reader?.TimeOut();
                }
            }

            return;
        }

        var reader = _reader!;
        if (now - reader.LastRead > (long)options.IdleTimeout.TotalMilliseconds)
        {
            reader.TimeOut();
        }
        else if (now - session.Outbox.LastWrite > (long)options.KeepaliveInterval.TotalMilliseconds)
        {
            session.Send(Outbox.Keepalive);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "{ConnectionId}: stream error <{Condition}/>: {Text}")]
        public static partial void StreamError(ILogger logger, string connectionId, string condition, string? text);

        [LoggerMessage(2, LogLevel.Debug, "{ConnectionId}: connection lost ({Reason})")]
        public static partial void ConnectionLost(ILogger logger, string connectionId, string reason);

        [LoggerMessage(3, LogLevel.Information, "{ConnectionId}: {Username} authenticated with {Mechanism}")]
        public static partial void Authenticated(ILogger logger, string connectionId, string username, string mechanism);

        [LoggerMessage(4, LogLevel.Information, "{ConnectionId}: authentication with {Mechanism} failed: {Failure}")]
        public static partial void AuthenticationFailed(ILogger logger, string connectionId, string mechanism, string failure);

        [LoggerMessage(5, LogLevel.Debug, "{ConnectionId}: bound {Jid}")]
        public static partial void Bound(ILogger logger, string connectionId, string jid);

        [LoggerMessage(6, LogLevel.Debug, "{ConnectionId}: session {Jid} ended")]
        public static partial void SessionEnded(ILogger logger, string connectionId, string jid);

        [LoggerMessage(7, LogLevel.Debug, "{ConnectionId}: connection lost; session {Jid} waits to be resumed")]
        public static partial void Hibernating(ILogger logger, string connectionId, string jid);

        [LoggerMessage(8, LogLevel.Debug, "{ConnectionId}: resumed session {Jid}")]
        public static partial void Resumed(ILogger logger, string connectionId, string jid);
    }
}
