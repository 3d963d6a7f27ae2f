using Snikket.Server.Hosting;
using Snikket.Server.Routing;
using Snikket.Server.Sessions;
using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Streams;

/// <summary>
/// The end of a session, whichever way it comes (stream closed, connection lost without stream
/// management, resumption timed out, replaced, overflowed): unbind it, let the writer finish,
/// collect what the client never got or never acknowledged, bounce the IQ requests among it,
/// and tell the modules (presence goes unavailable, offline storage takes the messages).
/// Also the heartbeat that ends sessions whose resumption window has passed.
/// </summary>
internal sealed partial class SessionTeardown : IHeartbeatTarget, IHostedService
{
    private readonly SessionRegistry _sessions;
    private readonly ResumableSessions _resumable;
    private readonly IStanzaSender _sender;
    private readonly ServerEvents _events;
    private readonly ClientStreamOptions _options;
    private readonly ILogger<SessionTeardown> _logger;

    public SessionTeardown(
        SessionRegistry sessions,
        ResumableSessions resumable,
        IStanzaSender sender,
        ServerEvents events,
        ClientStreamOptions options,
        Heartbeat heartbeat,
        ILogger<SessionTeardown> logger)
    {
        _sessions = sessions;
        _resumable = resumable;
        _sender = sender;
        _events = events;
        _options = options;
        _logger = logger;
        heartbeat.Add(this);
    }

    /// <summary>
    /// Ends <paramref name="session"/> if <paramref name="owner"/> still owns it (a stream, or the
    /// session's own <see cref="StreamManagement"/> state while it waits to be resumed). <paramref name="writer"/> is the owner's writer loop, given a few
    /// seconds to drain and close the stream.
    /// </summary>
    public async Task EndAsync(ClientSession session, object owner, Task writer)
    {
        if (!ResumableSessions.TryEnd(session, owner))
        {
            return;
        }

        _resumable.Remove(session);
        _sessions.Unbind(session);
        session.Outbox.Close(null);
        await writer.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);

        // A client too slow to take the rest in time: stop writing, so the queue has one reader again.
        await session.Outbox.DetachAsync();

        List<Element> undelivered = [.. session.StreamManagement?.TakeUnacked() ?? [], .. session.Outbox.Drain()];
        foreach (var stanza in undelivered)
        {
            if (stanza.Name == "iq" && stanza.GetAttribute("type") is "get" or "set")
            {
                // XEP-0198 §4: whoever asked must not wait forever for an answer that cannot come.
                _sender.Send(Stanza.ErrorReply(stanza, StanzaError.ServiceUnavailable()).SetAttribute("from", session.Jid.ToString()));
            }
        }

        await _events.PublishAsync(new SessionClosed(session), CancellationToken.None);
        if (undelivered.Count > 0)
        {
            await _events.PublishAsync(new UndeliveredStanzas(session, undelivered), CancellationToken.None);
        }

        Log.Ended(_logger, session.Jid.ToString(), undelivered.Count);
        session.Complete();
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// On shutdown, every session ends properly, live or waiting to be resumed: contacts see them go
    /// unavailable, and what they had not received goes to offline storage instead of vanishing
    /// with the process. Runs before Kestrel closes the connections (hosted services stop in
    /// reverse order, and the web server was registered first).
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var ending = new List<Task>();
        foreach (var session in _sessions.All())
        {
            if (session.Owner is StreamManagement waiting)
            {
                // Nobody writes for it: end it here.
                ending.Add(EndAsync(session, waiting, Task.CompletedTask));
            }
            else
            {
                // Its stream ends it, after writing what is queued and the error.
                session.Close(new StreamErrorException(StreamErrorCondition.SystemShutdown, "The server is restarting."));
                ending.Add(session.Completion);
            }
        }

        await Task.WhenAll(ending).WaitAsync(cancellationToken);
    }

    public void OnHeartbeat(long now)
    {
        foreach (var session in _resumable.Expired(now, _options.ResumeTimeout))
        {
            _ = EndAsync(session, session.StreamManagement!, Task.CompletedTask);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Session {Jid} ended; {Undelivered} stanzas were not delivered")]
        public static partial void Ended(ILogger logger, string jid, int undelivered);
    }
}
