using System.Text.Json.Serialization;

namespace Snikket.Acme;

/// <summary>
/// A problem document (RFC 7807) as ACME servers send them (RFC 8555 §6.7), with the
/// per-identifier <c>subproblems</c> of §6.7.1.
/// </summary>
public sealed record AcmeProblem
{
    /// <summary>The error type URI, e.g. <c>urn:ietf:params:acme:error:badNonce</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("detail")]
    public string? Detail { get; init; }

    [JsonPropertyName("status")]
    public int? Status { get; init; }

    /// <summary>The identifier a subproblem is about (RFC 8555 §6.7.1).</summary>
    [JsonPropertyName("identifier")]
    public AcmeIdentifier? Identifier { get; init; }

    [JsonPropertyName("subproblems")]
    public IReadOnlyList<AcmeProblem>? Subproblems { get; init; }

    /// <summary>The type without the ACME namespace: <c>badNonce</c>, <c>connection</c>, …</summary>
    public string ShortType => Type is { } type && type.StartsWith(AcmeErrorNamespace, StringComparison.Ordinal)
        ? type[AcmeErrorNamespace.Length..]
        : Type ?? "unknown";

    private const string AcmeErrorNamespace = "urn:ietf:params:acme:error:";

    /// <summary>One line: the type, the identifier and the server's own words.</summary>
    public override string ToString()
    {
        var about = Identifier is { } identifier ? $" for {identifier.Value}" : string.Empty;
        var sub = Subproblems is { Count: > 0 } list ? " (" + string.Join("; ", list) + ")" : string.Empty;
        return $"{ShortType}{about}: {Detail ?? "no detail given"}{sub}";
    }
}
