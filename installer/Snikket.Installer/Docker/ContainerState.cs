namespace Snikket.Installer.Docker;

/// <summary>State of a container: running, exit code and, when it has a health check, its health.</summary>
internal sealed record ContainerState(string Status, bool Running, int ExitCode, ContainerHealth? Health);
