using Snikket.Server.Sessions;
using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Routing;

/// <summary>
/// One message on its way through the <see cref="MessageStage"/>s: what it is, where it goes,
/// and what has happened to it so far, so later stages can decide (carbons skip sessions that
/// already have it; offline storage runs only when nobody did).
/// </summary>
internal sealed class MessageDelivery(Element stanza, Jid from, Jid to)
{
    private List<ClientSession>? _deliveredTo;

    /// <summary>The stanza, with stamped <c>from</c>; archive hooks may add ids to it.</summary>
    public Element Stanza => stanza;

    public Jid From => from;

    public Jid To => to;

    /// <summary>The message type, with RFC 6121 §5.2.2's default of normal.</summary>
    public string Type { get; } = stanza.GetAttribute("type") ?? "normal";

    /// <summary>True once a filter refused the message; later stages do not run.</summary>
    public bool Rejected { get; private set; }

    /// <summary>The error the sender gets for a refused message (null: dropped silently).</summary>
    public StanzaError? Error { get; private set; }

    /// <summary>Sessions the message was delivered to (not copies).</summary>
    public IReadOnlyList<ClientSession> DeliveredTo => _deliveredTo ?? (IReadOnlyList<ClientSession>)[];

    /// <summary>Set by a store hook that kept the message for later.</summary>
    public bool Stored { get; set; }

    /// <summary>Refuses the message: <paramref name="error"/> goes back to the sender, or nothing when null.</summary>
    public void Reject(StanzaError? error)
    {
        Rejected = true;
        Error = error;
    }

    /// <summary>Records a delivery (the message module calls this as it hands the stanza over).</summary>
    public void Delivered(ClientSession session) => (_deliveredTo ??= []).Add(session);
}
