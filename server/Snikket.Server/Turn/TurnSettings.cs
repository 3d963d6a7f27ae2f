using System.Net;

namespace Snikket.Server.Turn;

/// <summary>
/// The TURN relay's ports and NAT address (RFC 8656), from the <c>SNIKKET_TWEAK_TURNSERVER_*</c>
/// settings. coturn is configured with them and XEP-0215 tells clients the same ports.
/// </summary>
internal sealed record TurnSettings
{
    /// <summary>The host clients are told to use for STUN and TURN (<c>SNIKKET_TWEAK_TURNSERVER</c>); null: the domain.</summary>
    public string? Host { get; init; }

    /// <summary>False when <c>SNIKKET_TWEAK_TURNSERVER=0</c>: no STUN/TURN server is advertised at all.</summary>
    public bool Advertised { get; init; } = true;

    /// <summary>STUN and TURN over UDP and TCP (RFC 8656 §3.1 default 3478).</summary>
    public int Port { get; init; } = 3478;

    /// <summary>TURN over TLS (RFC 8656 §3.1 default 5349); no setting, as Snikket has none either.</summary>
    public int TlsPort { get; init; } = 5349;

    /// <summary>First UDP port relayed allocations get (RFC 8656 §3.3: 49152 is the start of the dynamic range).</summary>
    public int MinRelayPort { get; init; } = 49152;

    public int MaxRelayPort { get; init; } = 65535;

    /// <summary>The host's private address behind NAT, or null when the host holds its public address itself.</summary>
    public IPAddress? InternalAddress { get; init; }

    /// <summary>How long XEP-0215 credentials stay valid (the TURN REST scheme's TTL; Prosody's default is one day).</summary>
    public TimeSpan CredentialLifetime { get; init; } = TimeSpan.FromDays(1);
}
