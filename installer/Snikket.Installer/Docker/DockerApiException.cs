using System.Net;

namespace Snikket.Installer.Docker;

/// <summary>The Docker Engine API (v1.41) answered a request with an error status and message.</summary>
internal sealed class DockerApiException(HttpStatusCode status, string request, string message)
    : Exception($"Docker engine refused {request}: {(int)status} {message}")
{
    /// <summary>The HTTP status the engine answered with (404: no such container/image/volume).</summary>
    public HttpStatusCode Status { get; } = status;
}
