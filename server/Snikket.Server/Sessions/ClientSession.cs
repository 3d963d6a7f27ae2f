using Snikket.Xmpp;

namespace Snikket.Server.Sessions;

/// <summary>
/// A bound client session (RFC 6120 §7): the full JID, the presence state RFC 6121 routing needs,
/// and the outbox other sessions deliver into. The session's own stanzas are processed by its
/// stream's read loop, in order. With stream management a session can outlive its connection and
/// be resumed on a new one, so the stream it belongs to is attached, not fixed.
/// </summary>
internal sealed class ClientSession(Jid jid, Outbox outbox)
{
    private readonly SessionState _state = new();
    private IOutboundFilter[] _filters = [];
    private Action _requestStop = static () => { };
    private object? _owner;
    private int _ended;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Jid Jid => jid;

    /// <summary>The account's username (the JID's localpart).</summary>
    public string Username => jid.Local!;

    public Outbox Outbox => outbox;

    /// <summary>
    /// The last available presence the client broadcast (RFC 6121 §4.2), or null while it has sent
    /// none or went unavailable. Set by the presence module only.
    /// </summary>
    public Element? Presence { get; set; }

    /// <summary>An available resource has sent initial presence and not gone unavailable since.</summary>
    public bool IsAvailable => Presence is not null;

    /// <summary>The priority from the last available presence (RFC 6121 §4.7.2.3); 0 by default.</summary>
    public int Priority { get; set; }

    /// <summary>The client asked for its roster, so it gets roster pushes (RFC 6121 §2.1.6 "interested resource").</summary>
    public bool IsInterested { get; set; }

    /// <summary>
    /// The per-session state of one module, created on first use. Each module keeps its own type
    /// (in its own folder), so modules stay independent of each other and of this class.
    /// </summary>
    public T State<T>()
        where T : class, new() => _state.Get<T>();

    /// <summary>Adds a filter on everything delivered to this session (blocking, client state indication).</summary>
    public void AddFilter(IOutboundFilter filter)
    {
        lock (_state)
        {
            _filters = [.. _filters, filter];
        }
    }

    /// <summary>
    /// Queues a stanza for this client after the filters allow it. When the client reads too slowly
    /// for its queue to drain, the session is closed (RFC 6120 §4.9.3.17 resource-constraint)
    /// rather than letting memory grow. Returns false when the stanza was not queued.
    /// </summary>
    public bool Send(Element stanza)
    {
        foreach (var filter in Volatile.Read(ref _filters))
        {
            if (!filter.Allow(this, stanza))
            {
                return false;
            }
        }

        return SendUnfiltered(stanza);
    }

    /// <summary>Queues a stanza without consulting the filters (a filter releasing what it held back).</summary>
    public bool SendUnfiltered(Element stanza)
    {
        if (outbox.TryEnqueue(stanza))
        {
            return true;
        }

        if (!outbox.IsClosing)
        {
            Close(new StreamErrorException(StreamErrorCondition.ResourceConstraint, "Too many stanzas waiting for this client to read them."));
        }

        return false;
    }

    /// <summary>XEP-0198 state once the client enabled stream management; null before.</summary>
    public StreamManagement? StreamManagement { get; set; }

    /// <summary>
    /// Connects the session to the stream now serving it (<paramref name="owner"/>; its stream
    /// management state while it waits to be resumed), so <see cref="Close"/> stops that stream. Returns the previous stop action.
    /// Callers hold the session's lock when ownership races are possible (see <see cref="ResumableSessions"/>).
    /// </summary>
    public Action Attach(object owner, Action requestStop)
    {
        _owner = owner;
        return Interlocked.Exchange(ref _requestStop, requestStop);
    }

    /// <summary>The stream serving this session, or its stream management state while it waits to be resumed.</summary>
    public object? Owner => Volatile.Read(ref _owner);

    /// <summary>True while <paramref name="owner"/> is the stream serving this session.</summary>
    public bool IsAttachedTo(object owner) => ReferenceEquals(Volatile.Read(ref _owner), owner);

    /// <summary>Marks the session ended; true only for the first caller, who then tears it down.</summary>
    public bool TryMarkEnded() => Interlocked.Exchange(ref _ended, 1) == 0;

    /// <summary>Completes when the session has been torn down (see <see cref="Streams.SessionTeardown"/>).</summary>
    public Task Completion => _completion.Task;

    /// <summary>Called once, by whoever tore the session down.</summary>
    public void Complete() => _completion.TrySetResult();

    /// <summary>Closes the stream from outside its read loop (takeover, slow reader, shutdown).</summary>
    public void Close(StreamErrorException? error)
    {
        outbox.Close(error);
        Volatile.Read(ref _requestStop)();
    }
}
