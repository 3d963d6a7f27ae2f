namespace Snikket.Installer.Docker;

/// <summary>Docker Engine API v1.41 <c>GET /version</c>: the engine and the API versions it speaks.</summary>
internal sealed record DockerVersion(string Version, string ApiVersion, string? MinAPIVersion, string? Os, string? Arch);
