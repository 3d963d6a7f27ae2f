namespace Snikket.Server.Routing;

/// <summary>One XEP-0030 identity.</summary>
internal sealed record DiscoIdentity(string Category, string Type, string? Name = null);
