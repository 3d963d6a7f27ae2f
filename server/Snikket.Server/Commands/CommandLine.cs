using System.CommandLine;

namespace Snikket.Server.Commands;

/// <summary>The server's command tree: <c>run</c>, <c>user add|list|remove|passwd</c>, <c>invite</c> and <c>reset</c>.</summary>
internal static class CommandLine
{
    /// <summary>Exit code for a configuration problem, distinct from a crash.</summary>
    public const int ConfigError = 2;

    public static readonly Option<string?> Config = new("--config", "-c")
    {
        Description = "Path of snikket.conf (default: $SNIKKET_CONFIG, else ./snikket.conf). Environment SNIKKET_* variables override it.",
        Recursive = true,
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("Snikket XMPP server")
        {
            Config,
            RunCommand.Build(),
            UserCommand.Build(),
        };
        foreach (var command in InviteCommands.Build())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }
}
