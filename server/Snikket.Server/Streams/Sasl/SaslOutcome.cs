namespace Snikket.Server.Streams.Sasl;

/// <summary>How one SASL exchange ended: a username, or the failure condition sent to the client.</summary>
internal readonly record struct SaslOutcome(string? Username, string? Failure)
{
    public static SaslOutcome Success(string username) => new(username, null);

    public static SaslOutcome Failed(string condition) => new(null, condition);
}
