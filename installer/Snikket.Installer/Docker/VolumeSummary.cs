namespace Snikket.Installer.Docker;

/// <summary>One volume of Docker Engine API v1.41 <c>GET /volumes</c>.</summary>
internal sealed record VolumeSummary(string Name, string? Driver, IReadOnlyDictionary<string, string>? Labels);
