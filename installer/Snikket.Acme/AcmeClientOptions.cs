namespace Snikket.Acme;

/// <summary>Limits and clocks of an <see cref="AcmeClient"/>.</summary>
public sealed record AcmeClientOptions
{
    /// <summary>How long to wait for challenges to be validated and for the order to be issued, in total.</summary>
    public TimeSpan PollTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>How often a request refused with <c>badNonce</c> (RFC 8555 §6.5) is sent again with a fresh nonce.</summary>
    public int BadNonceRetries { get; init; } = 5;

    /// <summary>The public HTTP port the CA validates on; only used in advice text.</summary>
    public int HttpPort { get; init; } = 80;

    /// <summary>The clock polling waits on.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
