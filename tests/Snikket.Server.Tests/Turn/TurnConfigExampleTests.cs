using System.Runtime.CompilerServices;
using Snikket.Server.Turn;

namespace Snikket.Server.Tests.Turn;

/// <summary>
/// turn-config/turnserver.conf.example is the rendered configuration for a two-line snikket.conf,
/// kept in the repository for people to read (and review in diffs); this test keeps it in step.
/// </summary>
public sealed class TurnConfigExampleTests
{
    private const string RegenerateVariable = "SNIKKET_TEST_REGENERATE_EXAMPLE";

    [Fact]
    public void The_committed_example_matches_the_renderer()
    {
        var path = Path.Combine(RepositoryRoot(), "turn-config", "turnserver.conf.example");
        var expected = new TurnServerConfig(
            "chat.example.com",
            "0000000000000000000000000000000000000000000000000000000000000000",
            "/snikket/certs/chat.example.com.crt",
            "/snikket/certs/chat.example.com.key",
            "/snikket/turn/turndb",
            new TurnSettings(),
            PublicAddress: null).Render();
        if (Environment.GetEnvironmentVariable(RegenerateVariable) == "1")
        {
            File.WriteAllText(path, expected);
        }

        var actual = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";

        Assert.True(expected == actual,
            "turn-config/turnserver.conf.example is out of step with TurnServerConfig. Regenerate it with\n"
            + $"  {RegenerateVariable}=1 dotnet test tests/Snikket.Server.Tests --filter TurnConfigExampleTests\n"
            + "and commit the result.");
    }

    /// <summary>The directory holding Snikket.slnx, from this source file or else from the test binaries.</summary>
    private static string RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { Path.GetDirectoryName(sourceFile), AppContext.BaseDirectory })
        {
            for (var directory = start is null ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Snikket.slnx")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (the directory holding Snikket.slnx).");
    }
}
