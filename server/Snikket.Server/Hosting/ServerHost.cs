using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Serilog;
using Serilog.Events;
using Snikket.Configuration;
using Snikket.Server.Accounts;
using Snikket.Server.Connections;
using Snikket.Server.Modules;
using Snikket.Server.Routing;
using Snikket.Server.Sessions;
using Snikket.Server.Storage;
using Snikket.Server.Streams;
using Snikket.Server.Tls;
using Snikket.Server.Turn;
using Snikket.Server.WebProxy;

namespace Snikket.Server.Hosting;

/// <summary>Builds the server process: services, modules, Kestrel listeners and the internal HTTP API.</summary>
internal static class ServerHost
{
    public static WebApplication Build(ServerSettings settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddSerilog(CreateLogger(settings.LogLevel), dispose: true);

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new ServerInfo(settings.Domain, settings.SiteName));
        services.AddSingleton(settings.Streams);
        AddStorage(services, settings);
        services.AddSingleton<GroupCommitWriter>();
        services.AddSingleton<AccountStore>();
        services.AddSingleton<AccountLifecycle>();
        services.AddSingleton<SessionRegistry>();
        services.AddSingleton<ResumableSessions>();
        services.AddSingleton<SessionTeardown>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionTeardown>());
        services.AddSingleton<Heartbeat>();
        services.AddHostedService(sp => sp.GetRequiredService<Heartbeat>());
        services.AddSingleton(sp => new CertificateStore(settings.CertificatePath, settings.KeyPath, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<CertificateStore>>()));
        services.AddModules();
        services.AddSingleton<Func<HandlerTable>>(sp => () => sp.GetRequiredService<HandlerTable>());
        services.AddSingleton(BuildHandlerTable);
        services.AddSingleton<StanzaRouter>();
        services.AddSingleton<ServerEvents>();
        services.AddHostedService<PeriodicWork>();
        services.AddSingleton<IStanzaSender, LocalDelivery>();
        services.AddSingleton<StreamContext>();
        services.AddSingleton<ClientConnectionHandler>();

        var endpoints = new Endpoints();
        services.AddSingleton(endpoints);
        // The certificate is looked up per handshake, so a renewed one is used at once.
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
            endpoints.Configure(kestrel, settings.Listen, () => kestrel.ApplicationServices.GetRequiredService<CertificateStore>().Current));

        var app = builder.Build();
        app.MapGet("/health", (SessionRegistry sessions, Heartbeat heartbeat) =>
            Results.Json(new HealthReport("ok", sessions.Count, heartbeat.Count), HealthReportContext.Default.HealthReport));
        foreach (var map in app.Services.GetRequiredService<HandlerTable>().Endpoints)
        {
            map(app);
        }

        return app;
    }

    /// <summary>Brings the schema up to date and makes sure a certificate exists. Run before <c>StartAsync</c>.</summary>
    public static async Task PrepareAsync(WebApplication app, CancellationToken ct)
    {
        var settings = app.Services.GetRequiredService<ServerSettings>();
        Directory.CreateDirectory(settings.DataDirectory);
        var factory = app.Services.GetRequiredService<IDbContextFactory<SnikketDb>>();
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            await SchemaMigrator.MigrateAsync(db, settings.Database, app.Logger, ct);
            if (settings.Database == DatabaseKind.Sqlite)
            {
                // Write-ahead logging: readers (archive queries) do not block the writer and the
                // writer does not block them, and a commit appends to the WAL instead of
                // rewriting pages. The mode is stored in the database file, so once is enough.
                // See GroupCommitWriter for the synchronous setting that goes with it.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL", ct);
            }
        }

        if (settings.GenerateCertificate && !(File.Exists(settings.CertificatePath) && File.Exists(settings.KeyPath)))
        {
            SelfSignedCertificate.Write(settings.Domain, settings.CertificatePath, settings.KeyPath, TimeProvider.System);
        }

        // Load now, so a broken certificate stops start-up instead of the first handshake.
        _ = app.Services.GetRequiredService<CertificateStore>().Current;

        // After the certificate exists: coturn's TLS listener reads the same files.
        await TurnConfigWriter.WriteAsync(settings, app.Logger, ct);
        WebProxyConfigWriter.Write(settings, app.Logger);
    }

    public static void AddStorage(IServiceCollection services, ServerSettings settings) =>
        services.AddPooledDbContextFactory<SnikketDb>(options =>
        {
            if (settings.Database == DatabaseKind.PostgreSql)
            {
                options.UseNpgsql(settings.ConnectionString);
            }
            else
            {
                options.UseSqlite(settings.ConnectionString);
            }
        });

    private static HandlerTable BuildHandlerTable(IServiceProvider services)
    {
        var registry = new ModuleRegistry();
        foreach (var module in services.GetServices<IModule>())
        {
            registry.BeginModule(module.GetType().Name);
            module.Register(registry);
        }

        return registry.Build();
    }

    /// <summary>The process's log output (also given to the embedded portal).</summary>
    public static Serilog.Core.Logger CreateLogger(SnikketLogLevel level) =>
        new LoggerConfiguration()
            .MinimumLevel.Is(level switch
            {
                SnikketLogLevel.Error => LogEventLevel.Error,
                SnikketLogLevel.Warn => LogEventLevel.Warning,
                SnikketLogLevel.Debug => LogEventLevel.Debug,
                _ => LogEventLevel.Information,
            })
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}", formatProvider: CultureInfo.InvariantCulture)
            .CreateLogger();
}
