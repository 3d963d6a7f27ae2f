namespace Snikket.Server.Sessions;

/// <summary>A session has bound a resource and can receive stanzas.</summary>
internal sealed record SessionBound(ClientSession Session);
