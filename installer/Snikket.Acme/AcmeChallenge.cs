using System.Text.Json.Serialization;

namespace Snikket.Acme;

/// <summary>A challenge object (RFC 8555 §7.1.5, §8); this client answers <c>http-01</c> (§8.3).</summary>
public sealed record AcmeChallenge
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "";

    [JsonPropertyName("url")]
    public Uri? Url { get; init; }

    [JsonPropertyName("status")]
    public string Status { get; init; } = "";

    [JsonPropertyName("token")]
    public string? Token { get; init; }

    [JsonPropertyName("error")]
    public AcmeProblem? Error { get; init; }
}
