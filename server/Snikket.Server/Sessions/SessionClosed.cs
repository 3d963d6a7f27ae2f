namespace Snikket.Server.Sessions;

/// <summary>
/// A session is gone for good: its stream ended and it is no longer waiting to be resumed.
/// It is already unbound when this is published.
/// </summary>
internal sealed record SessionClosed(ClientSession Session);
