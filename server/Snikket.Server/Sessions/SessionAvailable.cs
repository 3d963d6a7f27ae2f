namespace Snikket.Server.Sessions;

/// <summary>
/// A session sent its initial presence (RFC 6121 §4.2) and is now an available resource: what
/// waited for the account (offline messages, subscription requests) can be delivered to it.
/// Published by the presence module after it has broadcast the presence.
/// </summary>
internal sealed record SessionAvailable(ClientSession Session);
