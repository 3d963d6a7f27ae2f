namespace Snikket.AdminApi;

/// <summary>A pending self-deletion: when it was asked for and until when an administrator can undo it (Unix seconds).</summary>
public sealed record DeletionRequest(long DeletedAt, long PendingUntil);
