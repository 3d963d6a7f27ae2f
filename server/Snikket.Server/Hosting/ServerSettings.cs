using Snikket.Configuration;
using Snikket.Server.Streams;

namespace Snikket.Server.Hosting;

/// <summary>
/// What the server process needs to know, derived once from <see cref="SnikketOptions"/>. Tests
/// build one directly (port 0, a temp data directory, a test database).
/// </summary>
internal sealed record ServerSettings
{
    public required string Domain { get; init; }

    public required string SiteName { get; init; }

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

    public SnikketLogLevel LogLevel { get; init; } = SnikketLogLevel.Info;
}
