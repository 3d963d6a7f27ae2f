using Snikket.Xmpp;

namespace Snikket.Server.Sessions;

/// <summary>
/// XEP-0198 state of one session: how many stanzas from the client are handled (the <c>h</c> we
/// report), and the stanzas written to the client that it has not acknowledged yet, kept so they
/// can be sent again on resumption or handed to offline storage when the session ends.
/// Counters are 32-bit and wrap, as the XEP specifies.
/// </summary>
internal sealed class StreamManagement(string? resumeId, int maxUnacked)
{
    public const string Ns = "urn:xmpp:sm:3";

    private readonly Queue<Element> _unacked = new();
    private uint _acked;
    private uint _handled;
    private bool _ackRequested;

    /// <summary>The id a client resumes with; null when resumption was not asked for.</summary>
    public string? ResumeId => resumeId;

    /// <summary>Stanzas from the client whose processing finished (routing awaited storage commits).</summary>
    public uint Handled => Volatile.Read(ref _handled);

    /// <summary>Stanzas written to the client and not acknowledged yet.</summary>
    public int UnackedCount
    {
        get
        {
            lock (_unacked)
            {
                return _unacked.Count;
            }
        }
    }

    /// <summary>
    /// When the session lost its connection and waits to be resumed (Environment.TickCount64), or null
    /// while a stream serves it. Changed only by <see cref="ResumableSessions"/>.
    /// </summary>
    public long? DetachedAt { get; set; }

    /// <summary>Set once the session has ended; it can then no longer be resumed.</summary>
    public bool Ended { get; set; }

    /// <summary>Counts one stanza from the client as handled. Called by the read loop after routing it.</summary>
    public void CountHandled() => Interlocked.Increment(ref _handled);

    /// <summary>
    /// Records a stanza about to be written to the client (the outbox writer calls this before writing,
    /// so nothing taken from the queue can be lost between the queue and the socket). False when the
    /// client has left too many unacknowledged: the session must end.
    /// </summary>
    public bool Sent(Element stanza)
    {
        lock (_unacked)
        {
            _unacked.Enqueue(stanza);
            return _unacked.Count <= maxUnacked;
        }
    }

    /// <summary>True when an &lt;r/&gt; should follow the stanzas just written (one request outstanding at a time).</summary>
    public bool ShouldRequestAck()
    {
        lock (_unacked)
        {
            if (_ackRequested || _unacked.Count == 0)
            {
                return false;
            }

            _ackRequested = true;
            return true;
        }
    }

    /// <summary>
    /// Applies the client's <c>h</c>: drops what it acknowledged. False, changing nothing, when
    /// <paramref name="h"/> claims more than was sent (XEP-0198 §4 handled-count-too-high).
    /// </summary>
    public bool Acknowledge(uint h, out uint sent)
    {
        lock (_unacked)
        {
            sent = unchecked(_acked + (uint)_unacked.Count);
            var newly = unchecked(h - _acked);
            if (newly > (uint)_unacked.Count)
            {
                return false;
            }

            for (var i = 0u; i < newly; i++)
            {
                _unacked.Dequeue();
            }

            _acked = h;
            _ackRequested = false;
            return true;
        }
    }

    /// <summary>The unacknowledged stanzas, oldest first (to resend on resumption).</summary>
    public Element[] Unacked()
    {
        lock (_unacked)
        {
            return [.. _unacked];
        }
    }

    /// <summary>Takes every unacknowledged stanza out, for a session that is ending.</summary>
    public Element[] TakeUnacked()
    {
        lock (_unacked)
        {
            Element[] all = [.. _unacked];
            _unacked.Clear();
            return all;
        }
    }
}
