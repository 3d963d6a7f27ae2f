namespace Snikket.Server.Sessions;

/// <summary>
/// A session was resumed on a new connection (XEP-0198 §5), after the stanzas to resend were
/// queued. Per-stream state that resumption does not carry over is reset here (XEP-0352 §6.2: the
/// client is active again).
/// </summary>
internal sealed record SessionResumed(ClientSession Session);
