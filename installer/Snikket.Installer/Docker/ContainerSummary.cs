namespace Snikket.Installer.Docker;

/// <summary>One entry of Docker Engine API v1.41 <c>GET /containers/json</c>.</summary>
internal sealed record ContainerSummary(string Id, IReadOnlyList<string> Names, string Image, string State, string Status, IReadOnlyDictionary<string, string>? Labels)
{
    /// <summary>The compose service this container runs (label <c>com.docker.compose.service</c>), or its name.</summary>
    public string Service => Labels is not null && Labels.TryGetValue(ComposeLabels.Service, out var service)
        ? service
        : (Names.Count > 0 ? Names[0] : null)?.TrimStart('/') ?? Id;
}
