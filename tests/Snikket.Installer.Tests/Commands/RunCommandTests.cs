using Snikket.Installer.Commands;

namespace Snikket.Installer.Tests.Commands;

public sealed class RunCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("snikket-run-").FullName;

    private string ConfPath => Path.Combine(_directory, "snikket.conf");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void No_turn_server_is_advertised_when_the_operator_chose_none()
    {
        File.WriteAllText(ConfPath, "SNIKKET_DOMAIN=chat.example.com\nSNIKKET_ADMIN_EMAIL=admin@example.com\n");

        var environment = RunCommand.ServerEnvironment(ConfPath, new Dictionary<string, string>());

        Assert.Equal(new Dictionary<string, string> { ["SNIKKET_TWEAK_TURNSERVER"] = "0" }, environment);
    }

    [Fact]
    public void A_turn_server_named_in_the_file_is_kept()
    {
        File.WriteAllText(ConfPath, "SNIKKET_DOMAIN=chat.example.com\nSNIKKET_ADMIN_EMAIL=admin@example.com\nSNIKKET_TWEAK_TURNSERVER=turn.example.net\n");

        Assert.Empty(RunCommand.ServerEnvironment(ConfPath, new Dictionary<string, string>()));
    }

    [Fact]
    public void A_turn_server_named_in_the_environment_is_kept()
    {
        var environment = new Dictionary<string, string>
        {
            ["SNIKKET_DOMAIN"] = "chat.example.com",
            ["SNIKKET_ADMIN_EMAIL"] = "admin@example.com",
            ["SNIKKET_TWEAK_TURNSERVER"] = "turn.example.net",
        };

        Assert.Empty(RunCommand.ServerEnvironment(ConfPath, environment));
    }
}
