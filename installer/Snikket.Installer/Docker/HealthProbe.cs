namespace Snikket.Installer.Docker;

/// <summary>One health check probe: its exit code and output.</summary>
internal sealed record HealthProbe(int ExitCode, string? Output);
