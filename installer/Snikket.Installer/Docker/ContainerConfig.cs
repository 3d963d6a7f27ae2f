namespace Snikket.Installer.Docker;

/// <summary>A container's configuration: whether it has a TTY decides the log format.</summary>
internal sealed record ContainerConfig(bool Tty, string Image, IReadOnlyDictionary<string, string>? Labels);
