using System.CommandLine;
using Snikket.Configuration;
using Snikket.Installer.Stack;

namespace Snikket.Installer.Commands;

/// <summary>
/// <c>snikket run</c>: the no-Docker local mode. Starts the server binary (which hosts the portal
/// too) on the embedded default — SQLite in a data directory, a generated certificate — for a
/// quick try, development and tests.
/// </summary>
internal static class RunCommand
{
    private static readonly Option<string?> Server = new("--server") { Description = "Path of the snikket-server binary (default: next to this program, else on PATH)." };

    public static Command Build()
    {
        var command = new Command("run", "Run the server here without Docker (SQLite, local data directory).") { Server };
        command.SetAction(async (parse, ct) =>
        {
            var server = parse.GetValue(Server) ?? FindServer();
            var configPath = parse.GetValue(InstallerCommandLine.Config)!;
            var environment = ServerEnvironment(configPath, SnikketConfigLoader.EnvironmentSnapshot());
            if (environment.ContainsKey(SnikketKeys.TurnServer))
            {
                await Console.Out.WriteLineAsync("Calls: no TURN relay runs in this mode (coturn comes with the compose bundle), so none is advertised; calls connect directly where they can.");
            }

            var rc = await new ProcessRunner().RunAsync(server, ["run", "--config", configPath], environment, ct);
            if (rc is null)
            {
                await Console.Error.WriteLineAsync($"Cannot start {server}: it is not installed there. Build it (`dotnet publish server/Snikket.Server -c Release -o out`) and pass --server out/snikket-server.");
                return InstallerCommandLine.Problem;
            }

            return rc.Value;
        });
        return command;
    }

    /// <summary>
    /// Extra environment for the server: <c>SNIKKET_TWEAK_TURNSERVER=0</c> unless the operator chose a
    /// TURN server (in snikket.conf or the environment), since none runs beside it here. A
    /// configuration that does not load is left to the server to report.
    /// </summary>
    public static Dictionary<string, string> ServerEnvironment(string configPath, IReadOnlyDictionary<string, string> environment)
    {
        try
        {
            var options = SnikketConfigLoader.Load(File.Exists(configPath) ? configPath : null, environment);
            return options.TurnServerSetting is null ? new() { [SnikketKeys.TurnServer] = "0" } : [];
        }
        catch (SnikketConfigException)
        {
            return [];
        }
    }

    private static string FindServer()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "snikket-server");
        return File.Exists(beside) ? beside : "snikket-server";
    }
}
