namespace Snikket.Installer.Docker;

/// <summary>The body of <c>GET /volumes</c>.</summary>
internal sealed record VolumeList(IReadOnlyList<VolumeSummary>? Volumes);
