namespace Snikket.Installer.Docker;

/// <summary>The parts of Docker Engine API v1.41 <c>GET /containers/{id}/json</c> the CLI reads.</summary>
internal sealed record ContainerDetails(string Id, string Name, ContainerState State, ContainerConfig Config);
