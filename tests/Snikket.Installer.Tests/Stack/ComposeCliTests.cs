using Snikket.Installer.Stack;

namespace Snikket.Installer.Tests.Stack;

public sealed class ComposeCliTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("snikket-compose-").FullName;
    private readonly RecordingRunner _runner = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task An_override_file_beside_the_compose_file_is_layered_over_it()
    {
        var composeFile = Path.Combine(_directory, "docker-compose.yml");
        var overrideFile = Path.Combine(_directory, ComposeCli.OverrideFileName);
        await File.WriteAllTextAsync(overrideFile, "services: {}\n");

        await new ComposeCli(_runner, composeFile, "snikket", Path.Combine(_directory, "snikket.conf")).RunAsync(["up", "-d"], CancellationToken.None);

        var arguments = _runner.Arguments!;
        Assert.Equal(["-p", "snikket", "-f", composeFile, "-f", overrideFile, "up", "-d"], arguments.SkipWhile(a => a == "compose"));
    }

    [Fact]
    public async Task Without_an_override_file_only_the_compose_file_is_named()
    {
        var composeFile = Path.Combine(_directory, "docker-compose.yml");

        await new ComposeCli(_runner, composeFile, "snikket", Path.Combine(_directory, "snikket.conf")).RunAsync(["down"], CancellationToken.None);

        Assert.Equal(["-p", "snikket", "-f", composeFile, "down"], _runner.Arguments!.SkipWhile(a => a == "compose"));
        Assert.Equal(Path.Combine(_directory, "snikket.conf"), _runner.Environment!["SNIKKET_CONFIG_FILE"]);
    }

    private sealed class RecordingRunner : IProcessRunner
    {
        public IReadOnlyList<string>? Arguments { get; private set; }

        public IReadOnlyDictionary<string, string>? Environment { get; private set; }

        public Task<int?> RunAsync(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
        {
            Arguments = arguments;
            Environment = environment;
            return Task.FromResult<int?>(0);
        }
    }
}
