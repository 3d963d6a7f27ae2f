using Snikket.Installer.Docker;

namespace Snikket.Installer.Tests.Docker;

/// <summary>
/// The real Docker engine the tests drive (TESTING.md: start it with
/// <c>/work/shared/tools/docker-offline/start-dockerd.sh --images</c> where no registry answers;
/// <c>.ci/run</c> does). Fails, never skips, with how to start it.
/// </summary>
public sealed class DockerEngine : IDisposable
{
    /// <summary>A small image present after start-dockerd.sh --images (or pullable elsewhere).</summary>
    public const string Image = "debian:bookworm-slim";

    public DockerEngine()
    {
        Client = new DockerClient(DockerClient.SocketFromEnvironment());
    }

    internal DockerClient Client { get; }

    /// <summary>Throws with instructions when no engine answers or the test image is missing.</summary>
    public async Task RequireAsync()
    {
        try
        {
            await Client.PingAsync(CancellationToken.None);
        }
        catch (DockerUnavailableException e)
        {
            Assert.Fail($"These tests need a Docker engine: {e.Message} On a machine without an image registry run /work/shared/tools/docker-offline/start-dockerd.sh --images (as .ci/run does).");
        }

        var images = await Client.ListImagesAsync(CancellationToken.None);
        Assert.True(images.Any(i => i.RepoTags?.Contains(Image) == true), $"The image {Image} is missing: `docker pull {Image}`, or start-dockerd.sh --images where no registry answers.");
    }

    public void Dispose() => Client.Dispose();
}
