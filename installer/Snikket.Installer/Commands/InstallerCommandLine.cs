using System.CommandLine;

namespace Snikket.Installer.Commands;

/// <summary>The <c>snikket</c> command tree and the options every command shares.</summary>
internal static class InstallerCommandLine
{
    /// <summary>Exit code when a check or a command found a problem the operator has to fix.</summary>
    public const int Problem = 1;

    /// <summary>Exit code for a usage mistake (bad flag value, missing input).</summary>
    public const int Usage = 2;

    public static readonly Option<string> Config = new("--config", "-c")
    {
        Description = "Path of snikket.conf.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SNIKKET_CONFIG") ?? "snikket.conf",
        Recursive = true,
    };

    public static readonly Option<string> ComposeFile = new("--compose-file", "-f")
    {
        Description = "The appliance's docker-compose.yml.",
        DefaultValueFactory = _ => "docker-compose.yml",
        Recursive = true,
    };

    public static readonly Option<string> Project = new("--project", "-p")
    {
        Description = "Compose project name of the stack.",
        DefaultValueFactory = _ => "snikket",
        Recursive = true,
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("Sets up and runs a Snikket server: init, check, up, status, invite, backup.")
        {
            Config,
            ComposeFile,
            Project,
            InitCommand.Build(),
            CheckCommand.Build(),
        };
        foreach (var command in StackCommands.Build())
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(InviteCommand.Build());
        root.Subcommands.Add(BackupCommands.BuildBackup());
        root.Subcommands.Add(BackupCommands.BuildRestore());
        root.Subcommands.Add(RunCommand.Build());
        root.Subcommands.Add(CertsCommand.Build());
        return root;
    }
}
