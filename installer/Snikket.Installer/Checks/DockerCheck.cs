using Snikket.Installer.Docker;

namespace Snikket.Installer.Checks;

/// <summary>Checks that a Docker engine answers on its socket and speaks the Engine API v1.41 the CLI uses.</summary>
internal static class DockerCheck
{
    public static async Task<CheckResult> RunAsync(DockerClient docker, CancellationToken cancellationToken)
    {
        DockerVersion version;
        try
        {
            version = await docker.VersionAsync(cancellationToken);
        }
        catch (DockerUnavailableException e)
        {
            return new CheckResult("Docker", false, $"not reachable at {docker.SocketPath}", e.Message);
        }
        catch (DockerApiException e)
        {
            return new CheckResult("Docker", false, e.Message, "Upgrade Docker to version 20.10 or newer (Engine API 1.41).");
        }

        if (!System.Version.TryParse(version.ApiVersion, out var api) || api < DockerClient.ApiVersion)
        {
            return new CheckResult("Docker", false, $"engine {version.Version} speaks API {version.ApiVersion}, older than {DockerClient.ApiVersion}",
                "Upgrade Docker to version 20.10 or newer (https://docs.docker.com/engine/install/).");
        }

        return new CheckResult("Docker", true, $"engine {version.Version}, API {version.ApiVersion}");
    }
}
