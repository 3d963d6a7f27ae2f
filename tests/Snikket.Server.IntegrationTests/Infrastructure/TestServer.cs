using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Snikket.Configuration;
using Snikket.Server.Accounts;
using Snikket.Server.Hosting;
using Snikket.Server.Streams;

namespace Snikket.Server.IntegrationTests.Infrastructure;

/// <summary>
/// The real server, in this process, on loopback ports the OS picks, with its own data directory
/// and a fresh database (SQLite file or a PostgreSQL database from the migrated template).
/// </summary>
internal sealed class TestServer : IAsyncDisposable
{
    public const string Domain = "localhost";

    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    private TestServer(WebApplication app, string dataDirectory)
    {
        _app = app;
        _dataDirectory = dataDirectory;
    }

    public IServiceProvider Services => _app.Services;

    public IPEndPoint StartTlsEndPoint => Services.GetRequiredService<Endpoints>().ClientStartTls;

    public IPEndPoint DirectTlsEndPoint => Services.GetRequiredService<Endpoints>().ClientDirectTls;

    public IPEndPoint HttpEndPoint => Services.GetRequiredService<Endpoints>().InternalHttp;

    public string CertificatePath => Services.GetRequiredService<ServerSettings>().CertificatePath;

    public static async Task<TestServer> StartAsync(
        DatabaseKind database,
        Func<ClientStreamOptions, ClientStreamOptions>? streams = null,
        Func<ServerSettings, ServerSettings>? configure = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("snikket-test-").FullName;
        var connectionString = await TestDatabases.CreateAsync(database, dataDirectory);
        var settings = new ServerSettings
        {
            Domain = Domain,
            SiteName = "Test server",
            // SNIKKET_ADMIN_EMAIL is required in production, so the test server has one too.
            AdminEmail = "admin@localhost",
            DataDirectory = dataDirectory,
            Database = database,
            ConnectionString = connectionString,
            CertificatePath = Path.Combine(dataDirectory, "certs", Domain + ".crt"),
            KeyPath = Path.Combine(dataDirectory, "certs", Domain + ".key"),
            GenerateCertificate = true,
            Listen = new ListenPlan([IPAddress.Loopback], 0, 0, [IPAddress.Loopback], 0),
            Streams = streams?.Invoke(new ClientStreamOptions()) ?? new ClientStreamOptions(),
            ScramIterations = 4096,
            LogLevel = SnikketLogLevel.Warn,
        };

        settings = configure?.Invoke(settings) ?? settings;
        var app = ServerHost.Build(settings);
        await ServerHost.PrepareAsync(app, CancellationToken.None);
        await app.StartAsync();
        return new TestServer(app, dataDirectory);
    }

    public async Task CreateAccountAsync(string username, string password)
    {
        var created = await Services.GetRequiredService<AccountStore>().CreateAsync(username, password, 4096, CancellationToken.None);
        Assert.True(created, $"account {username} should be new");
    }

    /// <summary>Connects a client to the STARTTLS port (or the direct-TLS port).</summary>
    public Task<TestClient> ConnectAsync(bool directTls = false) =>
        TestClient.ConnectAsync(directTls ? DirectTlsEndPoint : StartTlsEndPoint, Domain, CertificatePath, directTls);

    /// <summary>A client that is connected, encrypted, authenticated and bound.</summary>
    public async Task<TestClient> LoginAsync(string username, string password, string? resource = null, bool directTls = false, string mechanism = "SCRAM-SHA-256")
    {
        var client = await ConnectAsync(directTls);
        await client.NegotiateTlsAsync();
        await client.AuthenticateAsync(username, password, mechanism);
        await client.BindAsync(resource);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        var settings = Services.GetRequiredService<ServerSettings>();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (settings.Database == DatabaseKind.PostgreSql)
        {
            // Npgsql keeps a pool per connection string for the life of the process, and every test
            // has its own database: without this, idle connections pile up to max_connections.
            using var connection = new Npgsql.NpgsqlConnection(settings.ConnectionString);
            Npgsql.NpgsqlConnection.ClearPool(connection);
        }
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a closing connection; the temp directory is cleaned by the OS.
        }
    }
}
