using System.CommandLine;
using Snikket.Server.Hosting;

namespace Snikket.Server.Commands;

/// <summary><c>run</c>: start the server in the foreground until SIGINT/SIGTERM.</summary>
internal static class RunCommand
{
    public static Command Build()
    {
        var command = new Command("run", "Run the XMPP server in the foreground.");
        command.SetAction(async (parse, ct) =>
        {
            if (!SettingsLoader.TryLoad(parse.GetValue(CommandLine.Config), out var settings))
            {
                return CommandLine.ConfigError;
            }

            var app = ServerHost.Build(settings);
            await ServerHost.PrepareAsync(app, ct);
            await app.RunAsync();
            return 0;
        });
        return command;
    }
}
