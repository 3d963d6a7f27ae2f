using Snikket.Server.Sessions;
using Snikket.Xmpp;

namespace Snikket.Server.Routing;

/// <summary>
/// Handles a top-level element that is not a stanza (a "nonza": stream management's &lt;r/&gt;,
/// client state's &lt;active/&gt;) on a bound session, selected by its namespace.
/// </summary>
internal delegate ValueTask NonzaHandler(ClientSession session, Element nonza, CancellationToken ct);
