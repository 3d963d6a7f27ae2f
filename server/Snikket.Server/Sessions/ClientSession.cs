using Snikket.Xmpp;

namespace Snikket.Server.Sessions;

/// <summary>
/// A bound client session (RFC 6120 §7): the full JID and the outbox other sessions deliver into.
/// The session's own stanzas are processed by its stream's read loop, in order.
/// </summary>
internal sealed class ClientSession(Jid jid, Outbox outbox, Action requestStop)
{
    public Jid Jid => jid;

    /// <summary>The account's username (the JID's localpart).</summary>
    public string Username => jid.Local!;

    public Outbox Outbox => outbox;

    /// <summary>
    /// Queues a stanza for this client. When the client reads too slowly for its queue to drain,
    /// the session is closed (RFC 6120 §4.9.3.17 resource-constraint) rather than letting memory grow.
    /// </summary>
    public bool Send(Element stanza)
    {
        if (outbox.TryEnqueue(stanza))
        {
            return true;
        }

        Close(new StreamErrorException(StreamErrorCondition.ResourceConstraint, "Too many stanzas waiting for this client to read them."));
        return false;
    }

    /// <summary>Closes the stream from outside its read loop (takeover, slow reader, shutdown).</summary>
    public void Close(StreamErrorException? error)
    {
        outbox.Close(error);
        requestStop();
    }
}
