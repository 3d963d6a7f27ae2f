using Snikket.Xmpp;

namespace Snikket.Server.Streams;

/// <summary>The limits and timeouts of client streams, derived once from the SNIKKET_* settings.</summary>
internal sealed record ClientStreamOptions
{
    /// <summary>Parser limits: stanza bytes, depth, attributes, names.</summary>
    public XmlLimits Limits { get; init; } = XmlLimits.Default;

    /// <summary>Time from connect to a bound resource; slow or silent pre-auth connections are closed.</summary>
    public TimeSpan PreauthTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Without a byte from the client for this long, the stream is closed (connection-timeout).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Without a byte to the client for this long, a whitespace keepalive is sent (RFC 6120 §4.6.1).</summary>
    public TimeSpan KeepaliveInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Stanzas that may wait for a slow client before its session is closed.</summary>
    public int OutboxCapacity { get; init; } = 1000;

    /// <summary>Sessions one account may have bound at once (SNIKKET_MAX_USER_CLIENTS).</summary>
    public int MaxSessionsPerAccount { get; init; } = 10;

    /// <summary>How long a session whose connection died waits to be resumed (XEP-0198 §5).</summary>
    public TimeSpan ResumeTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Stanzas a client may leave unacknowledged (XEP-0198) before its session is closed.</summary>
    public int MaxUnacked { get; init; } = 1000;

    /// <summary>Failed authentication attempts allowed on one stream.</summary>
    public int MaxAuthFailures { get; init; } = 3;

    /// <summary>IQs a client may send before authenticating (invite preauth, registration); one more ends the stream.</summary>
    public int MaxPreAuthIqs { get; init; } = 10;

    /// <summary>Largest pre-authentication IQ, serialized, in bytes; a larger one ends the stream.</summary>
    public int MaxPreAuthIqBytes { get; init; } = 8192;

    /// <summary>
    /// When false, plaintext authentication (SCRAM only, never PLAIN) is allowed without STARTTLS.
    /// Meant only for benchmarks on loopback; TLS stays required by default.
    /// </summary>
    public bool RequireEncryption { get; init; } = true;
}
