namespace Snikket.Xmpp;

/// <summary>
/// The core XMPP namespaces (RFC 6120, RFC 7395). Feature namespaces live as constants in the
/// module that implements the feature, not here.
/// </summary>
public static class Ns
{
    /// <summary>The stream root and its children (<c>stream:features</c>, <c>stream:error</c>), RFC 6120 §4.</summary>
    public const string Streams = "http://etherx.jabber.org/streams";

    /// <summary>The default namespace of a client-to-server stream, RFC 6120 §4.8.3.</summary>
    public const string Client = "jabber:client";

    /// <summary>The default namespace of a server-to-server stream, RFC 6120 §4.8.3.</summary>
    public const string Server = "jabber:server";

    /// <summary>STARTTLS negotiation, RFC 6120 §5.</summary>
    public const string Tls = "urn:ietf:params:xml:ns:xmpp-tls";

    /// <summary>SASL negotiation, RFC 6120 §6.</summary>
    public const string Sasl = "urn:ietf:params:xml:ns:xmpp-sasl";

    /// <summary>Resource binding, RFC 6120 §7.</summary>
    public const string Bind = "urn:ietf:params:xml:ns:xmpp-bind";

    /// <summary>The legacy session establishment feature, RFC 3921 §3 (advertised as optional).</summary>
    public const string Session = "urn:ietf:params:xml:ns:xmpp-session";

    /// <summary>Stream error conditions, RFC 6120 §4.9.3.</summary>
    public const string StreamErrors = "urn:ietf:params:xml:ns:xmpp-streams";

    /// <summary>Stanza error conditions, RFC 6120 §8.3.3.</summary>
    public const string Stanzas = "urn:ietf:params:xml:ns:xmpp-stanzas";

    /// <summary>The namespace bound to the <c>xml:</c> prefix (<c>xml:lang</c>), Namespaces in XML 1.0 §3.</summary>
    public const string Xml = "http://www.w3.org/XML/1998/namespace";

    /// <summary>The namespace bound to the <c>xmlns:</c> prefix; never an element or attribute namespace here.</summary>
    public const string Xmlns = "http://www.w3.org/2000/xmlns/";

    /// <summary>WebSocket framing (<c>open</c>/<c>close</c>), RFC 7395 §3.3.</summary>
    public const string Framing = "urn:ietf:params:xml:ns:xmpp-framing";
}
