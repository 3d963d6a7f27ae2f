namespace Snikket.Installer.Docker;

/// <summary>The Docker engine's unix socket could not be reached at all (not installed, not running, no permission).</summary>
internal sealed class DockerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
