using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Snikket.Server.Hosting;
using Snikket.Server.Turn;

namespace Snikket.Server.Tests.Turn;

public sealed class TurnConfigWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("snikket-turn-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_file_carries_the_secret_the_server_signs_credentials_with()
    {
        await TurnConfigWriter.WriteAsync(Settings(), NullLogger.Instance, CancellationToken.None);

        var text = await File.ReadAllTextAsync(TurnConfigWriter.PathIn(_directory));

        Assert.Contains("\nstatic-auth-secret=" + TurnSecret.Read(_directory) + "\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_start_keeps_the_secret()
    {
        await TurnConfigWriter.WriteAsync(Settings(), NullLogger.Instance, CancellationToken.None);
        var first = await File.ReadAllTextAsync(TurnConfigWriter.PathIn(_directory));

        await TurnConfigWriter.WriteAsync(Settings(), NullLogger.Instance, CancellationToken.None);

        Assert.Equal(first, await File.ReadAllTextAsync(TurnConfigWriter.PathIn(_directory)));
        Assert.Equal(64, TurnSecret.Read(_directory).Length);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Only_the_owner_may_read_the_file()
    {
        await TurnConfigWriter.WriteAsync(Settings(), NullLogger.Instance, CancellationToken.None);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(TurnConfigWriter.PathIn(_directory)));
    }

    [Fact]
    public async Task Behind_nat_without_a_public_dns_address_no_mapping_is_written()
    {
        var settings = Settings() with { Domain = "no-such-host.invalid", Turn = new TurnSettings { InternalAddress = IPAddress.Parse("192.168.1.10") } };

        await TurnConfigWriter.WriteAsync(settings, NullLogger.Instance, CancellationToken.None);

        Assert.DoesNotContain("external-ip", await File.ReadAllTextAsync(TurnConfigWriter.PathIn(_directory)), StringComparison.Ordinal);
    }

    private ServerSettings Settings() => TestServerSettings.In(_directory);
}
