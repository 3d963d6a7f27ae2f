namespace Snikket.Server.Accounts;

/// <summary>An account was deleted; modules remove what they kept for it.</summary>
internal sealed record AccountDeleted(string Username);
