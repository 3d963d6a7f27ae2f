namespace Snikket.Server.Routing;

/// <summary>
/// The steps of delivering one message, in order. The message module runs every hook of a stage
/// before the next stage, and does the delivery to sessions itself between
/// <see cref="Archive"/> and <see cref="Copy"/>.
/// </summary>
internal enum MessageStage
{
    /// <summary>May refuse the message (blocking, spam) with <see cref="MessageDelivery.Reject"/>.</summary>
    Filter,

    /// <summary>Makes the message durable (archive) and stamps ids on it before anyone sees it.</summary>
    Archive,

    /// <summary>After delivery: copies for other interested sessions (carbons).</summary>
    Copy,

    /// <summary>
    /// Runs only when no session took the message: keeps it for later (offline storage) and sets
    /// <see cref="MessageDelivery.Stored"/>, or refuses it with <see cref="MessageDelivery.Reject"/>
    /// (its error, or none, replaces the default service-unavailable).
    /// </summary>
    Store,
}
