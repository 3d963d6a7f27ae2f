using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Routing;

/// <summary>
/// An IQ get/set handed to the one handler registered for its (type, destination, payload) key.
/// The handler answers exactly once, with <see cref="Result"/> (plus payload) or an error.
/// </summary>
internal sealed class IqRequest(Element stanza, Element payload, Jid from, Jid to, IStanzaSender sender)
{
    /// <summary>The whole stanza, with a stamped <c>from</c>.</summary>
    public Element Stanza => stanza;

    /// <summary>The single child element that selected the handler.</summary>
    public Element Payload => payload;

    /// <summary>The requesting entity (always a full JID for local clients).</summary>
    public Jid From => from;

    /// <summary>The addressed entity (our domain, or a local bare JID).</summary>
    public Jid To => to;

    /// <summary>An empty <c>type='result'</c> reply, addressed back to the requester.</summary>
    public Element Result() =>
        Xmpp.Stanzas.Stanza.IqResult(stanza).SetAttribute("from", to.ToString());

    /// <summary>Sends a reply built from <see cref="Result"/>.</summary>
    public ValueTask ReplyAsync(Element reply, CancellationToken ct)
    {
        sender.Send(reply);
        return ValueTask.CompletedTask;
    }

    /// <summary>Answers with a stanza error.</summary>
    public ValueTask ErrorAsync(StanzaError error, CancellationToken ct)
    {
        var reply = Xmpp.Stanzas.Stanza.ErrorReply(stanza, error).SetAttribute("from", to.ToString());
        return ReplyAsync(reply, ct);
    }
}
