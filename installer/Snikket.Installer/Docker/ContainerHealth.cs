namespace Snikket.Installer.Docker;

/// <summary>Health check result: <c>starting</c>, <c>healthy</c> or <c>unhealthy</c>, with the last probes.</summary>
internal sealed record ContainerHealth(string Status, IReadOnlyList<HealthProbe>? Log);
