using Snikket.Xmpp;

namespace Snikket.Server.Routing;

/// <summary>
/// Delivery policy for a message or presence stanza from a local client, after the router has
/// stamped <c>from</c> and resolved <c>to</c> (<paramref name="to"/>).
/// </summary>
internal delegate ValueTask StanzaHandler(Element stanza, Jid from, Jid to, CancellationToken ct);
