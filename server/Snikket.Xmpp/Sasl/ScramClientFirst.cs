using System.Diagnostics.CodeAnalysis;

namespace Snikket.Xmpp.Sasl;

/// <summary>
/// The outcome of <see cref="ScramServer.ReceiveClientFirst"/>: the username (and optional
/// authorization identity) to look up, or the failure to send.
/// </summary>
public sealed record ScramClientFirst
{
    private ScramClientFirst(string? username, string? authzid, SaslFailure? failure, string? reason)
    {
        Username = username;
        Authzid = authzid;
        Failure = failure;
        Reason = reason;
    }

    /// <summary>
    /// The username, with <c>=2C</c> and <c>=3D</c> decoded (RFC 5802 §5.1 "n"). It is not
    /// prepared: the caller prepares it as a JID localpart before the lookup.
    /// </summary>
    public string? Username { get; }

    /// <summary>The authorization identity from the GS2 header (<c>a=</c>), decoded; null when absent.</summary>
    public string? Authzid { get; }

    /// <summary>The condition to answer with; null on success.</summary>
    public SaslFailure? Failure { get; }

    /// <summary>
    /// Why the step failed, in fixed English for logs. It never includes client data,
    /// so it is safe to log.
    /// </summary>
    public string? Reason { get; }

    /// <summary>True when the message was accepted and <see cref="Username"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Username))]
    [MemberNotNullWhen(false, nameof(Failure), nameof(Reason))]
    public bool IsSuccess => Failure is null;

    internal static ScramClientFirst Success(string username, string? authzid) => new(username, authzid, null, null);

    internal static ScramClientFirst Fail(SaslFailure failure, string reason) => new(null, null, failure, reason);
}
