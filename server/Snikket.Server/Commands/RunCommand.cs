using System.CommandLine;
using Serilog;
using Snikket.Portal;
using Snikket.Server.Hosting;

namespace Snikket.Server.Commands;

/// <summary>
/// <c>run</c>: start the server in the foreground until SIGINT/SIGTERM; with
/// <c>SNIKKET_TWEAK_PORTAL_EMBEDDED</c> (the default) the web portal runs in the same process on its
/// own port, so one command gives a working appliance. The portal still talks to the server only
/// through the internal HTTP API, exactly as when it runs as its own service.
/// </summary>
internal static class RunCommand
{
    public static Command Build()
    {
        var command = new Command("run", "Run the XMPP server (and, by default, the web portal) in the foreground.");
        command.SetAction(async (parse, ct) =>
        {
            if (!SettingsLoader.TryLoad(parse.GetValue(CommandLine.Config), out var settings, out var options))
            {
                return CommandLine.ConfigError;
            }

            var app = ServerHost.Build(settings);
            await ServerHost.PrepareAsync(app, ct);
            if (!options.PortalEmbedded)
            {
                await app.RunAsync();
                return 0;
            }

            var portal = PortalHost.Build(
                PortalSettings.From(options),
                builder => builder.Logging.ClearProviders().AddSerilog(ServerHost.CreateLogger(settings.LogLevel), dispose: true));
            await app.StartAsync(ct);
            await portal.StartAsync(ct);
            await app.WaitForShutdownAsync(ct);
            await portal.StopAsync(CancellationToken.None);
            await portal.DisposeAsync();
            await app.DisposeAsync();
            return 0;
        });
        return command;
    }
}
