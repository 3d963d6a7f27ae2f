namespace Snikket.Server.Routing;

/// <summary>One XEP-0030 item: an entity, optionally a node on it, with a display name.</summary>
internal sealed record DiscoItem(string Jid, string? Node, string? Name);
