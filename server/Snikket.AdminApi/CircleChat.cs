namespace Snikket.AdminApi;

/// <summary>A group chat that belongs to a circle.</summary>
public sealed record CircleChat(string Id, string Jid, string Name);
