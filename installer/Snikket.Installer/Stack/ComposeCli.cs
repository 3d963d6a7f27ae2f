namespace Snikket.Installer.Stack;

/// <summary>
/// Runs compose for what the Engine API has no single call for: creating the stack from
/// docker-compose.yml (networks, volumes, containers with health checks and start order). Prefers
/// <c>docker compose</c> (v2, when its CLI plugin is installed) and otherwise runs
/// <c>docker-compose</c> 1.29; the file is written for both.
/// </summary>
internal sealed class ComposeCli(IProcessRunner runner, string composeFile, string project, string configPath)
{
    private static readonly string[] PluginDirectories =
    [
        "/usr/local/lib/docker/cli-plugins",
        "/usr/local/libexec/docker/cli-plugins",
        "/usr/lib/docker/cli-plugins",
        "/usr/libexec/docker/cli-plugins",
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker", "cli-plugins"),
    ];

    /// <summary>The file compose itself layers over the main one when no <c>-f</c> is given.</summary>
    public const string OverrideFileName = "docker-compose.override.yml";

    /// <summary>
    /// Runs <c>compose -p PROJECT -f FILE [-f OVERRIDE] ARGS…</c>; returns the exit code, or null
    /// when no compose is installed. Compose reads <see cref="OverrideFileName"/> beside the file
    /// by itself only when no <c>-f</c> is given; naming our file turns that off, so an operator's
    /// override (extra mounts, another image tag) is named too.
    /// </summary>
    public Task<int?> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        // The compose file reads snikket.conf through env_file; SNIKKET_CONFIG_FILE tells it where
        // the operator's file is (see compose/docker-compose.yml).
        var environment = new Dictionary<string, string> { ["SNIKKET_CONFIG_FILE"] = Path.GetFullPath(configPath) };
        var overrideFile = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(composeFile))!, OverrideFileName);
        string[] common = File.Exists(overrideFile)
            ? ["-p", project, "-f", composeFile, "-f", overrideFile]
            : ["-p", project, "-f", composeFile];
        return HasComposePlugin()
            ? runner.RunAsync("docker", ["compose", .. common, .. arguments], environment, cancellationToken)
            : runner.RunAsync("docker-compose", [.. common, .. arguments], environment, cancellationToken);
    }

    private static bool HasComposePlugin() =>
        PluginDirectories.Any(d => File.Exists(Path.Combine(d, "docker-compose")));
}
