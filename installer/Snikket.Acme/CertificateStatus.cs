using Snikket.Configuration;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Snikket.Acme;

/// <summary>
/// The certificate manager's report, kept as JSON in <c>&lt;data dir&gt;/certs/status.json</c> for
/// the portal and <c>snikket status</c>. Rewritten (atomically) after every check.
/// </summary>
public sealed record CertificateStatus
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public required CertificateState State { get; init; }

    /// <summary>The names the certificate must cover: the domain, groups.domain, share.domain.</summary>
    public required IReadOnlyList<string> Names { get; init; }

    /// <summary>The certificate file in use.</summary>
    public required string CertificatePath { get; init; }

    /// <summary>Expiry of the certificate in place, or null when there is none.</summary>
    public DateTimeOffset? NotAfter { get; init; }

    /// <summary>The issuer of the certificate in place.</summary>
    public string? Issuer { get; init; }

    /// <summary>When the manager will look again (renewal time, or the retry after a failure).</summary>
    public required DateTimeOffset NextAttempt { get; init; }

    /// <summary>What went wrong last, with what to do; null after a success.</summary>
    public string? LastError { get; init; }

    /// <summary>Failed attempts in a row; drives the backoff.</summary>
    public int ConsecutiveFailures { get; init; }

    /// <summary>When a certificate was last issued.</summary>
    public DateTimeOffset? LastIssued { get; init; }

    /// <summary>The ACME directory used, or null for operator-provided certificates.</summary>
    public Uri? Directory { get; init; }

    /// <summary>When this status was written.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>One or two sentences for <c>snikket status</c> and the portal.</summary>
    public string Describe()
    {
        var inPlace = NotAfter is { } notAfter
            ? string.Create(CultureInfo.InvariantCulture, $"the certificate in place is valid until {notAfter:u}")
            : "there is no certificate yet";
        return State switch
        {
            CertificateState.Valid => string.Create(CultureInfo.InvariantCulture,
                $"Certificate for {string.Join(", ", Names)} valid until {NotAfter:u}; renewal from {NextAttempt:u}."),
            CertificateState.Failing => string.Create(CultureInfo.InvariantCulture,
                $"Getting a certificate failed {ConsecutiveFailures} time(s) in a row; {inPlace}; next attempt {NextAttempt:u}. {LastError}"),
            CertificateState.OperatorProvided => string.Create(CultureInfo.InvariantCulture,
                $"Operator-provided certificate {CertificatePath}, valid until {NotAfter:u}."),
            _ => $"Operator-provided certificate {CertificatePath} has a problem: {LastError}",
        };
    }

    /// <summary>Reads a status file; null when it does not exist or cannot be parsed (as if never written).</summary>
    public static CertificateStatus? TryRead(string path)
    {
        try
        {
            return TryParse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Parses the status file's text (e.g. fetched from a container); null when it is not a status.</summary>
    public static CertificateStatus? TryParse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<CertificateStatus>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes the status file atomically (readers never see half of it).</summary>
    public void Write(string path) =>
        AtomicFile.Write(path, JsonSerializer.SerializeToUtf8Bytes(this, Json), ownerOnly: false);
}
