using System.Text.Json.Serialization;

namespace Snikket.Acme;

/// <summary>An identifier object of an order or authorization (RFC 8555 §7.1.3, §7.1.4); only <c>dns</c> is used.</summary>
public sealed record AcmeIdentifier(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("value")] string Value);
