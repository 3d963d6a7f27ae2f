using Snikket.Configuration;
using Snikket.Server.Streams;
using Snikket.Server.Turn;
using Snikket.Server.WebProxy;

namespace Snikket.Server.Hosting;

/// <summary>
/// What the server process needs to know, derived once from <see cref="SnikketOptions"/>. Tests
/// build one directly (port 0, a temp data directory, a test database).
/// </summary>
internal sealed record ServerSettings
{
    public required string Domain { get; init; }

    public required string SiteName { get; init; }

    /// <summary>The operator's email address (<c>SNIKKET_ADMIN_EMAIL</c>), published as the XEP-0157 admin contact.</summary>
    public string? AdminEmail { get; init; }

    /// <summary>Where to report abuse (<c>SNIKKET_ABUSE_EMAIL</c>), or null for none.</summary>
    public string? AbuseEmail { get; init; }

    /// <summary>Where to report security problems (<c>SNIKKET_SECURITY_EMAIL</c>), or null for none.</summary>
    public string? SecurityEmail { get; init; }

    public required string DataDirectory { get; init; }

    public required DatabaseKind Database { get; init; }

    /// <summary>An ADO.NET connection string for <see cref="Database"/>.</summary>
    public required string ConnectionString { get; init; }

    public required string CertificatePath { get; init; }

    public required string KeyPath { get; init; }

    /// <summary>True when the certificate files are ours to create (none provided).</summary>
    public bool GenerateCertificate { get; init; }

    public required ListenPlan Listen { get; init; }

    public ClientStreamOptions Streams { get; init; } = new();

    public int ScramIterations { get; init; } = 10000;

    /// <summary>How long archived messages are kept (<c>SNIKKET_RETENTION_DAYS</c>).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Normal users may create invites (<c>SNIKKET_TWEAK_USER_INVITES</c>); admins always may, limited users never.</summary>
    public bool UserInvites { get; init; } = true;

    public SnikketLogLevel LogLevel { get; init; } = SnikketLogLevel.Info;

    /// <summary>The TURN relay's ports and NAT address (<c>SNIKKET_TWEAK_TURNSERVER_*</c>).</summary>
    public TurnSettings Turn { get; init; } = new();

    /// <summary>The compose bundle's nginx: public ports, the portal's address, the ACME webroot.</summary>
    public WebProxySettings WebProxy { get; init; } = new();
}
