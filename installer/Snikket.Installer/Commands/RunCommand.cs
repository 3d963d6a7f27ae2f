using System.CommandLine;
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
            var rc = await new ProcessRunner().RunAsync(server, ["run", "--config", parse.GetValue(InstallerCommandLine.Config)!], new Dictionary<string, string>(), ct);
            if (rc is null)
            {
                await Console.Error.WriteLineAsync($"Cannot start {server}: it is not installed there. Build it (`dotnet publish server/Snikket.Server -c Release -o out`) and pass --server out/snikket-server.");
                return InstallerCommandLine.Problem;
            }

            return rc.Value;
        });
        return command;
    }

    private static string FindServer()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "snikket-server");
        return File.Exists(beside) ? beside : "snikket-server";
    }
}
