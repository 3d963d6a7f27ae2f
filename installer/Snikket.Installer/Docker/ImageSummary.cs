namespace Snikket.Installer.Docker;

/// <summary>One image of Docker Engine API v1.41 <c>GET /images/json</c>.</summary>
internal sealed record ImageSummary(string Id, IReadOnlyList<string>? RepoTags, long Created);
