using System.Diagnostics.CodeAnalysis;

namespace Snikket.Xmpp.Sasl;

/// <summary>
/// The outcome of <see cref="ScramServer.VerifyClientFinal"/>: the server-final-message to send
/// in <c>&lt;success/&gt;</c>, or the failure to send.
/// </summary>
public sealed record ScramFinal
{
    private ScramFinal(byte[]? serverFinal, SaslFailure? failure, string? reason)
    {
        ServerFinal = serverFinal;
        Failure = failure;
        Reason = reason;
    }

    /// <summary>The server-final-message <c>v=ServerSignature</c> (RFC 5802 §7); null on failure.</summary>
    public byte[]? ServerFinal { get; }

    /// <summary>The condition to answer with; null on success.</summary>
    public SaslFailure? Failure { get; }

    /// <summary>Why the step failed, in fixed English for logs; never includes client data.</summary>
    public string? Reason { get; }

    /// <summary>True when the client proved knowledge of the password.</summary>
    [MemberNotNullWhen(true, nameof(ServerFinal))]
    [MemberNotNullWhen(false, nameof(Failure), nameof(Reason))]
    public bool IsSuccess => Failure is null;

    internal static ScramFinal Success(byte[] serverFinal) => new(serverFinal, null, null);

    internal static ScramFinal Fail(SaslFailure failure, string reason) => new(null, failure, reason);
}
