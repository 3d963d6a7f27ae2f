using Snikket.Configuration;
using Snikket.Installer.Commands;

namespace Snikket.Installer.Tests.Commands;

public sealed class InitCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("snikket-init-").FullName;
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    private string ConfPath => Path.Combine(_directory, "snikket.conf");

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
        _output.Dispose();
        _error.Dispose();
    }

    private Task<int> InitAsync(string? domain, string? email, bool force = false, string input = "", bool interactive = false) =>
        InitCommand.RunAsync(new InitRequest(ConfPath, domain, email, force), new StringReader(input), _output, _error, interactive);

    [Fact]
    public async Task Flags_write_a_two_line_config_the_server_loads()
    {
        var rc = await InitAsync("Chat.Example.com", "admin@example.com");

        Assert.Equal(0, rc);
        Assert.Equal("SNIKKET_DOMAIN=chat.example.com\nSNIKKET_ADMIN_EMAIL=admin@example.com\n", await File.ReadAllTextAsync(ConfPath));
        var options = SnikketConfigLoader.Load(ConfPath, new Dictionary<string, string>());
        Assert.Equal("chat.example.com", options.Domain);
    }

    [Fact]
    public async Task An_existing_config_is_kept_without_force_and_the_message_names_the_flag()
    {
        await File.WriteAllTextAsync(ConfPath, "SNIKKET_DOMAIN=old.example\n");

        var rc = await InitAsync("new.example.com", "a@example.com");

        Assert.Equal(1, rc);
        Assert.Equal("SNIKKET_DOMAIN=old.example\n", await File.ReadAllTextAsync(ConfPath));
        Assert.Contains("--force", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Force_replaces_an_existing_config()
    {
        await File.WriteAllTextAsync(ConfPath, "SNIKKET_DOMAIN=old.example\n");

        var rc = await InitAsync("new.example.com", "a@example.com", force: true);

        Assert.Equal(0, rc);
        Assert.StartsWith("SNIKKET_DOMAIN=new.example.com\n", await File.ReadAllTextAsync(ConfPath), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://chat.example.com")]
    [InlineData("chat example.com")]
    [InlineData("localhost\nSNIKKET_TWEAK_DATA_DIR=/etc")]
    public async Task A_bad_domain_flag_writes_nothing_and_says_why(string domain)
    {
        var rc = await InitAsync(domain, "a@example.com");

        Assert.Equal(2, rc);
        Assert.False(File.Exists(ConfPath));
        Assert.StartsWith("--domain ", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_email_flag_writes_nothing_and_says_why()
    {
        var rc = await InitAsync("chat.example.com", "not-an-address");

        Assert.Equal(2, rc);
        Assert.False(File.Exists(ConfPath));
        Assert.StartsWith("--email ", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_terminal_a_missing_value_asks_for_the_flag()
    {
        var rc = await InitAsync("chat.example.com", null);

        Assert.Equal(2, rc);
        Assert.Contains("pass --email VALUE", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interactively_a_wrong_answer_is_asked_again()
    {
        var rc = await InitAsync(null, null, input: "not a domain\nchat.example.com\nadmin@example.com\n", interactive: true);

        Assert.Equal(0, rc);
        Assert.Contains("Please try again", _output.ToString(), StringComparison.Ordinal);
        Assert.Contains("SNIKKET_DOMAIN=chat.example.com", await File.ReadAllTextAsync(ConfPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interactively_end_of_input_stops_without_writing()
    {
        var rc = await InitAsync(null, null, input: "chat.example.com\n", interactive: true);

        Assert.Equal(2, rc);
        Assert.False(File.Exists(ConfPath));
    }
}
