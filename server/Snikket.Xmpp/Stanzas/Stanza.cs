namespace Snikket.Xmpp.Stanzas;

/// <summary>Small, allocation-conscious helpers for the three stanza kinds (RFC 6120 §8).</summary>
public static class Stanza
{
    /// <summary>True for <c>message</c>, <c>presence</c> and <c>iq</c> in the given content namespace.</summary>
    public static bool IsStanza(Element e, string contentNamespace) =>
        e.Namespace == contentNamespace && e.Name is "message" or "presence" or "iq";

    /// <summary>True when the stanza is itself an error; such a stanza is never answered with an error (RFC 6120 §8.3.1).</summary>
    public static bool IsError(Element stanza) => stanza.GetAttribute("type") == "error";

    /// <summary>
    /// Builds the error reply to <paramref name="stanza"/>: same name and id, <c>to</c>/<c>from</c> swapped,
    /// <c>type='error'</c>. RFC 6120 §8.3.1 allows including the original payload; we do not, so an error
    /// can never be larger than what caused it.
    /// </summary>
    public static Element ErrorReply(Element stanza, StanzaError error)
    {
        var reply = new Element(stanza.Name, stanza.Namespace)
            .SetAttribute("type", "error")
            .SetAttribute("id", stanza.GetAttribute("id"))
            .SetAttribute("to", stanza.GetAttribute("from"))
            .SetAttribute("from", stanza.GetAttribute("to"));
        reply.Add(error.ToElement(stanza.Namespace));
        return reply;
    }

    /// <summary>Builds an empty <c>type='result'</c> reply to an IQ request.</summary>
    public static Element IqResult(Element iq)
    {
        return new Element("iq", iq.Namespace)
            .SetAttribute("type", "result")
            .SetAttribute("id", iq.GetAttribute("id"))
            .SetAttribute("to", iq.GetAttribute("from"))
            .SetAttribute("from", iq.GetAttribute("to"));
    }
}
