namespace Snikket.Xmpp;

/// <summary>How <see cref="XmlStreamParser"/> frames its input.</summary>
public enum ParseMode
{
    /// <summary>
    /// An XMPP stream over TCP (RFC 6120 §4): one root element opens the stream, each of its
    /// children is a stanza event, and its end tag closes the stream.
    /// </summary>
    Stream,

    /// <summary>
    /// A sequence of stand-alone top-level elements with no root, as in the WebSocket binding
    /// (RFC 7395 §3.3): each element, including <c>open</c> and <c>close</c>, is one event.
    /// </summary>
    Fragments,
}
