namespace Snikket.Installer.Docker;

/// <summary>
/// The labels both <c>docker compose</c> v2 and <c>docker-compose</c> 1.29 put on what they create
/// (compose-spec "Labels"), by which the CLI finds the stack's containers through the Engine API.
/// </summary>
internal static class ComposeLabels
{
    public const string Project = "com.docker.compose.project";
    public const string Service = "com.docker.compose.service";
}
