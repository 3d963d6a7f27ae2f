using Snikket.Server.Hosting;

namespace Snikket.Server.Tests.Hosting;

public sealed class DataSecretsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("snikket-secrets-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_secret_is_generated_once_and_read_back_afterwards()
    {
        var first = DataSecrets.GetOrCreate(_directory, "s", 32);

        var second = DataSecrets.GetOrCreate(_directory, "s", 32);

        Assert.Equal(32, first.Length);
        Assert.Equal(first, second);
        Assert.NotEqual(first, DataSecrets.GetOrCreate(_directory, "other", 32));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Only_the_owner_may_read_a_secret()
    {
        DataSecrets.GetOrCreate(_directory, "s", 32);

        var mode = File.GetUnixFileMode(Path.Combine(_directory, "secrets", "s"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public void A_damaged_secret_file_stops_start_up_with_a_clear_message()
    {
        DataSecrets.GetOrCreate(_directory, "s", 32);
        File.WriteAllBytes(Path.Combine(_directory, "secrets", "s"), [1, 2, 3]);

        var error = Assert.Throws<InvalidOperationException>(() => DataSecrets.GetOrCreate(_directory, "s", 32));

        Assert.Contains("holds 3 bytes", error.Message, StringComparison.Ordinal);
    }
}
