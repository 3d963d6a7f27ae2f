using Snikket.Configuration;

namespace Snikket.Acme;

/// <summary>
/// Where the <see cref="CertificateManager"/> reads and writes, and whom it asks. Build it from
/// the appliance configuration with <see cref="FromSnikket"/>.
/// </summary>
public sealed record CertificateManagerOptions
{
    /// <summary>The service domain in ASCII (punycode) form.</summary>
    public required string Domain { get; init; }

    /// <summary>The ACME account contact (SNIKKET_ADMIN_EMAIL).</summary>
    public required string Email { get; init; }

    /// <summary>The ACME directory (SNIKKET_TWEAK_ACME_DIRECTORY).</summary>
    public required Uri Directory { get; init; }

    /// <summary>The full-chain PEM certificate the server, proxy and TURN server read.</summary>
    public required string CertificatePath { get; init; }

    /// <summary>The PEM private key beside it.</summary>
    public required string KeyPath { get; init; }

    /// <summary>Where the status JSON goes.</summary>
    public required string StatusPath { get; init; }

    /// <summary>The ACME account key file (created owner-only on first use).</summary>
    public required string AccountKeyPath { get; init; }

    /// <summary>The http-01 webroot the proxy serves (see <see cref="ChallengeWebroot"/>).</summary>
    public required string Webroot { get; init; }

    /// <summary>
    /// Where <see cref="CertificateLoop"/> answers http-01 itself with an <see cref="Http01ChallengeServer"/>
    /// (no web proxy in front, e.g. <c>snikket run</c>); null when the proxy serves <see cref="Webroot"/>.
    /// </summary>
    public System.Net.IPEndPoint? ChallengeEndpoint { get; init; }

    /// <summary>True when the operator supplies the certificate: no ACME, only checks.</summary>
    public bool OperatorProvided { get; init; }

    /// <summary>Make a new private key at each renewal (<c>--no-reuse-key</c>); otherwise the key is kept.</summary>
    public bool RotateKey { get; init; }

    /// <summary>
    /// A command run after a new certificate is written (program and arguments, no shell), e.g. to
    /// reload a TLS consumer that does not watch the files itself. Null: none.
    /// </summary>
    public IReadOnlyList<string>? ReloadCommand { get; init; }

    /// <summary>The first retry delay after a failure; it doubles per failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest retry delay.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromHours(6);

    /// <summary>How often operator-provided files are checked again.</summary>
    public TimeSpan OperatorCheckInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Limits of the ACME client.</summary>
    public AcmeClientOptions Client { get; init; } = new();

    /// <summary>The names on the certificate: the domain and the groups. and share. subdomains the appliance serves.</summary>
    public IReadOnlyList<string> Names => [Domain, "groups." + Domain, "share." + Domain];

    /// <summary>
    /// The options the appliance uses: the server's default certificate and key paths
    /// (<c>&lt;data dir&gt;/certs/&lt;domain&gt;.crt/.key</c>, or the operator's), the status at
    /// <c>&lt;data dir&gt;/certs/status.json</c>, the account key at <c>&lt;data dir&gt;/acme/account.key</c>
    /// and the webroot <c>&lt;data dir&gt;/acme/webroot</c>.
    /// </summary>
    public static CertificateManagerOptions FromSnikket(SnikketOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new CertificateManagerOptions
        {
            Domain = options.DomainAscii,
            Email = options.AdminEmail,
            Directory = options.AcmeDirectory,
            CertificatePath = options.TlsCertificatePath,
            KeyPath = options.TlsKeyPath,
            StatusPath = StatusPathFor(options),
            AccountKeyPath = Path.Combine(options.DataDir, "acme", "account.key"),
            Webroot = WebrootFor(options),
            OperatorProvided = options.CertificateIsOperatorProvided,
            RotateKey = options.RotateCertificateKey,
            Client = new AcmeClientOptions { HttpPort = options.HttpPort },
        };
    }

    /// <summary>Where the status file of this configuration is (for <c>snikket status</c> and the portal).</summary>
    public static string StatusPathFor(SnikketOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Path.Combine(options.CertificateDir, "status.json");
    }

    /// <summary>The http-01 webroot the proxy must serve at <c>/.well-known/acme-challenge/</c> on port 80.</summary>
    public static string WebrootFor(SnikketOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AcmeWebroot;
    }
}
