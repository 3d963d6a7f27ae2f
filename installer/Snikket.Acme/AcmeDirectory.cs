using System.Text.Json.Serialization;

namespace Snikket.Acme;

/// <summary>The directory object (RFC 8555 §7.1.1): where each ACME resource lives.</summary>
public sealed record AcmeDirectory
{
    [JsonPropertyName("newNonce")]
    public Uri? NewNonce { get; init; }

    [JsonPropertyName("newAccount")]
    public Uri? NewAccount { get; init; }

    [JsonPropertyName("newOrder")]
    public Uri? NewOrder { get; init; }
}
