namespace Snikket.Installer.Docker;

/// <summary>What a command run with Docker Engine API v1.41 exec printed, and how it exited.</summary>
internal sealed record ExecResult(int ExitCode, string Stdout, string Stderr);
