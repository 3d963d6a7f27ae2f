namespace Snikket.Server.Modules.Mam;

/// <summary>Settings of the message archive.</summary>
internal sealed class MamOptions
{
    /// <summary>How long messages are kept (<c>SNIKKET_RETENTION_DAYS</c>).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How often expiry runs.</summary>
    public TimeSpan ExpiryInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Rows one expiry statement deletes, so no single transaction holds the table for long.</summary>
    public int ExpiryBatch { get; init; } = 1000;

    /// <summary>Results per page when the client does not say (XEP-0059 &lt;max/&gt; absent).</summary>
    public int DefaultPageSize { get; init; } = 50;

    /// <summary>
    /// Results per page at most; a larger &lt;max/&gt; is lowered to this (XEP-0313 §4.3.1 lets
    /// the server limit pages). Well below a session's outbox capacity, so a page never overflows it.
    /// </summary>
    public int MaxPageSize { get; init; } = 250;
}
