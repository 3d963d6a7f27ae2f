using System.Formats.Tar;
using System.Net;
using System.Text;
using Snikket.Installer.Docker;

namespace Snikket.Installer.Tests.Docker;

public sealed class DockerClientTests(DockerEngine engine) : IClassFixture<DockerEngine>, IAsyncLifetime
{
    private static readonly Dictionary<string, string> TestLabels = new() { ["snikket.test"] = "installer" };

    private readonly List<string> _containers = [];

    public Task InitializeAsync() => engine.RequireAsync();

    public async Task DisposeAsync()
    {
        foreach (var id in _containers)
        {
            await engine.Client.RemoveContainerAsync(id, force: true, CancellationToken.None);
        }
    }

    private async Task<string> RunningContainerAsync(params string[] command)
    {
        var id = await engine.Client.CreateContainerAsync(DockerEngine.Image, command, TestLabels, CancellationToken.None);
        _containers.Add(id);
        await engine.Client.StartContainerAsync(id, CancellationToken.None);
        return id;
    }

    [Fact]
    public async Task The_engine_speaks_api_1_41_or_newer()
    {
        var version = await engine.Client.VersionAsync(CancellationToken.None);

        Assert.True(Version.Parse(version.ApiVersion) >= DockerClient.ApiVersion, version.ApiVersion);
    }

    [Fact]
    public async Task A_missing_socket_is_reported_with_how_to_start_docker()
    {
        using var nowhere = new DockerClient("/nonexistent/docker.sock");

        var e = await Assert.ThrowsAsync<DockerUnavailableException>(() => nowhere.PingAsync(CancellationToken.None));

        Assert.Contains("/nonexistent/docker.sock", e.Message, StringComparison.Ordinal);
        Assert.Contains("DOCKER_HOST", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_container_is_a_404_with_the_engines_message()
    {
        var e = await Assert.ThrowsAsync<DockerApiException>(() => engine.Client.InspectContainerAsync("snikket-no-such-container", CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, e.Status);
        Assert.Contains("No such container", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Exec_separates_stdout_and_stderr_and_returns_the_exit_code()
    {
        var id = await RunningContainerAsync("sleep", "60");

        var result = await engine.Client.ExecCollectAsync(id, ["sh", "-c", "echo to-out; echo to-err >&2; exit 3"], CancellationToken.None);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("to-out\n", result.Stdout);
        Assert.Equal("to-err\n", result.Stderr);
    }

    [Fact]
    public async Task Exec_streams_output_larger_than_one_frame_intact()
    {
        var id = await RunningContainerAsync("sleep", "60");
        using var stdout = new MemoryStream();

        var rc = await engine.Client.ExecAsync(id, ["sh", "-c", "head -c 300000 /dev/zero | tr '\\0' x"], stdout, Stream.Null, CancellationToken.None);

        Assert.Equal(0, rc);
        Assert.Equal(300_000, stdout.Length);
        Assert.All(stdout.ToArray(), b => Assert.Equal((byte)'x', b));
    }

    [Fact]
    public async Task Logs_of_an_exited_container_are_demultiplexed_and_tail_limits_them()
    {
        var id = await RunningContainerAsync("sh", "-c", "for i in 1 2 3 4; do echo out$i; done; echo oops >&2");
        await WaitExitedAsync(id);
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();

        await engine.Client.CopyLogsAsync(id, tail: null, follow: false, stdout, stderr, CancellationToken.None);
        // The tail counts lines of both streams in the order the engine logged them, and two pipes
        // carry no order between them: the tail is checked on a container that writes one stream.
        var quiet = await RunningContainerAsync("sh", "-c", "for i in 1 2 3 4; do echo out$i; done");
        await WaitExitedAsync(quiet);
        using var tail = new MemoryStream();
        await engine.Client.CopyLogsAsync(quiet, tail: 2, follow: false, tail, Stream.Null, CancellationToken.None);

        Assert.Equal("out1\nout2\nout3\nout4\n", Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.Equal("oops\n", Encoding.UTF8.GetString(stderr.ToArray()));
        Assert.Equal("out3\nout4\n", Encoding.UTF8.GetString(tail.ToArray()));
    }

    [Fact]
    public async Task A_file_put_into_a_container_comes_back_in_its_archive()
    {
        var id = await RunningContainerAsync("sleep", "60");
        using var upload = new MemoryStream();
        await using (var writer = new TarWriter(upload, TarEntryFormat.Pax, leaveOpen: true))
        {
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "hello.txt") { DataStream = new MemoryStream("hi there"u8.ToArray()) });
        }

        upload.Position = 0;
        await engine.Client.PutArchiveAsync(id, "/tmp", upload, CancellationToken.None);
        var cat = await engine.Client.ExecCollectAsync(id, ["cat", "/tmp/hello.txt"], CancellationToken.None);
        using var download = new MemoryStream();
        await engine.Client.GetArchiveAsync(id, "/tmp/hello.txt", download, CancellationToken.None);
        download.Position = 0;
        await using var reader = new TarReader(download);
        var entry = await reader.GetNextEntryAsync();

        Assert.Equal("hi there", cat.Stdout);
        Assert.Equal("hello.txt", entry?.Name);
    }

    [Fact]
    public async Task Stop_and_remove_end_a_container_and_the_label_filter_finds_it_until_then()
    {
        var id = await RunningContainerAsync("sleep", "60");

        var listed = await engine.Client.ListContainersAsync("snikket.test=installer", CancellationToken.None);
        await engine.Client.StopContainerAsync(id, 1, CancellationToken.None);
        var stopped = await engine.Client.InspectContainerAsync(id, CancellationToken.None);
        await engine.Client.StopContainerAsync(id, 1, CancellationToken.None);
        await engine.Client.RemoveContainerAsync(id, force: false, CancellationToken.None);
        _containers.Remove(id);
        var after = await engine.Client.ListContainersAsync("snikket.test=installer", CancellationToken.None);

        Assert.Contains(listed, c => c.Id == id);
        Assert.False(stopped.State.Running);
        Assert.DoesNotContain(after, c => c.Id == id);
    }

    private async Task WaitExitedAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await engine.Client.InspectContainerAsync(id, CancellationToken.None)).State.Running)
        {
            Assert.True(DateTime.UtcNow < deadline, "The container did not exit within 20 s.");
            await Task.Delay(50);
        }
    }
}
