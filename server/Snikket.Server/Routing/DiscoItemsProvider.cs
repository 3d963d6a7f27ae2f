using Snikket.Xmpp;

namespace Snikket.Server.Routing;

/// <summary>The items of one disco#items node on the server, as <paramref name="requester"/> may see them (XEP-0050 lists only the commands one may run).</summary>
internal delegate ValueTask<IReadOnlyList<DiscoItem>> DiscoItemsProvider(Jid requester, CancellationToken ct);
