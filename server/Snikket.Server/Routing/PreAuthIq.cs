using Snikket.Server.Streams;
using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Routing;

/// <summary>
/// An IQ get/set received before authentication on an encrypted stream, for the module that
/// registered its payload with <see cref="ModuleRegistry.OnPreAuthIq"/>. The sender has no address
/// yet, so replies carry no 'to'. The handler returns the one reply; it may instead throw a
/// <see cref="StreamErrorException"/> to end the stream (too many bad tokens).
/// </summary>
internal sealed class PreAuthIq(Element stanza, Element payload, PreAuthState state)
{
    public Element Stanza => stanza;

    /// <summary>The single child that selected the handler.</summary>
    public Element Payload => payload;

    /// <summary>True for type 'set', false for 'get'.</summary>
    public bool IsSet => stanza.GetAttribute("type") == "set";

    /// <summary>The stream's pre-authentication state, shared by the stream's pre-auth IQs.</summary>
    public PreAuthState State => state;

    /// <summary>An empty result (no 'from', no 'to').</summary>
    public Element Result() => Xmpp.Stanzas.Stanza.IqResult(stanza).SetAttribute("from", null).SetAttribute("to", null);

    /// <summary>An error reply (no 'from', no 'to').</summary>
    public Element Error(StanzaError error) =>
        Xmpp.Stanzas.Stanza.ErrorReply(stanza, error).SetAttribute("from", null).SetAttribute("to", null);
}
