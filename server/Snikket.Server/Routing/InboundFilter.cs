using Snikket.Server.Sessions;
using Snikket.Xmpp;

namespace Snikket.Server.Routing;

/// <summary>
/// Looks at a stanza from a local client after <c>from</c> is stamped and <c>to</c> resolved, before
/// any handler sees it. Returns true when it dealt with the stanza (answered or dropped it), which
/// stops routing.
/// </summary>
internal delegate ValueTask<bool> InboundFilter(ClientSession origin, Element stanza, Jid to, CancellationToken ct);
