namespace Snikket.Server.Modules.Offline;

/// <summary>Limits of offline storage.</summary>
internal sealed class OfflineOptions
{
    /// <summary>
    /// Messages kept per account at most; beyond it senders get service-unavailable. 500 is a
    /// long absence of a busy user, and half a session's outbox (1,000 stanzas), so the whole
    /// store fits into a fresh session's queue when it is delivered at login. Clients that sync
    /// with the archive (all current ones) find every message there anyway.
    /// </summary>
    public int MaxMessagesPerUser { get; init; } = 500;

    /// <summary>
    /// Messages one sender may leave for one offline account per minute; beyond it the sender
    /// gets resource-constraint (try later). Sixty a minute is faster than anyone types, so only
    /// a script hits it, and one flooding sender cannot fill another user's store in seconds.
    /// </summary>
    public int MaxPerSenderPerMinute { get; init; } = 60;

    /// <summary>Messages read from the database per round while delivering.</summary>
    public int DeliveryBatch { get; init; } = 100;
}
