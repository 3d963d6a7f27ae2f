using System.Text.Json.Serialization;

namespace Snikket.Acme;

/// <summary>An authorization object (RFC 8555 §7.1.4) with its challenges.</summary>
public sealed record AcmeAuthorization
{
    /// <summary>pending, valid, invalid, deactivated, expired or revoked (RFC 8555 §7.1.6).</summary>
    [JsonPropertyName("status")]
    public string Status { get; init; } = "";

    [JsonPropertyName("identifier")]
    public AcmeIdentifier? Identifier { get; init; }

    [JsonPropertyName("challenges")]
    public IReadOnlyList<AcmeChallenge> Challenges { get; init; } = [];
}
