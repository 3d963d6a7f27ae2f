using System.Runtime.CompilerServices;

namespace Snikket.Configuration.Tests;

public sealed class ExampleFileTests
{
    private const string RegenerateVariable = "SNIKKET_TEST_REGENERATE_EXAMPLE";

    [Fact]
    public void The_committed_example_file_matches_the_settings_table()
    {
        var path = Path.Combine(RepositoryRoot(), "snikket.conf.example");
        var expected = ExampleFile.Render();
        if (Environment.GetEnvironmentVariable(RegenerateVariable) == "1")
        {
            File.WriteAllText(path, expected);
        }

        var actual = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";

        Assert.True(expected == actual,
            "snikket.conf.example is out of step with SnikketSettings. Regenerate it with\n"
            + $"  {RegenerateVariable}=1 dotnet test tests/Snikket.Configuration.Tests\n"
            + "and commit the result.");
    }

    [Fact]
    public void Loading_the_example_file_gives_the_documented_defaults()
    {
        var options = Conf.LoadFile(ExampleFile.Render());

        Assert.Equal("chat.example.com", options.Domain);
        Assert.Equal("you@example.com", options.AdminEmail);
        Assert.Equal("chat.example.com", options.SiteName);
        Assert.Equal(7, options.RetentionDays);
        Assert.Null(options.UploadStorageGb);
        Assert.Equal(1.0, options.DailyUploadLimitPerUserGb);
        Assert.Equal("./data", options.DataDir);
        Assert.Equal(DatabaseKind.Sqlite, options.DatabaseKind);
        Assert.Equal(SnikketLogLevel.Info, options.LogLevel);
        Assert.True(options.UpdateCheck);
        Assert.Null(options.SmtpUrl);
        Assert.Equal(TlsProfile.Modern, options.TlsProfile);
        Assert.Null(options.LetsEncryptTosAgree);
        Assert.False(options.RotateCertificateKey);
        Assert.Null(options.TlsCertificate);
        Assert.Equal((80, 443, 5280, 5765), (options.HttpPort, options.HttpsPort, options.InternalHttpPort, options.PortalInternalHttpPort));
        Assert.Equal("127.0.0.1", Assert.Single(options.InternalHttpInterfaces).ToString());
        Assert.Equal(TimeSpan.FromSeconds(1800), options.WebAvatarCacheTtl);
        Assert.Equal((5222, 5223, 5269, 5270, 5000), (options.C2sPort, options.C2sDirectTlsPort, options.S2sPort, options.S2sDirectTlsPort, options.Proxy65Port));
        Assert.True(options.C2sOnAllInterfaces);
        Assert.Equal(10, options.MaxUserClients);
        Assert.Equal(262_144, options.StanzaSizeLimit);
        Assert.Equal(TimeSpan.FromSeconds(900), options.C2sIdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(300), options.C2sKeepaliveInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), options.PreauthTimeout);
        Assert.Equal(10_000, options.ScramIterations);
        Assert.Equal((3478, 49152, 65535), (options.TurnPort, options.TurnMinPort, options.TurnMaxPort));
        Assert.Null(options.TurnInternalIp);
        Assert.True(options.UserInvites);
    }

    [Fact]
    public void Uncommenting_every_line_of_the_example_loads_the_same_defaults()
    {
        var uncommented = string.Join("\n", ExampleFile.Render().Split('\n')
            .Select(line => line.StartsWith("#SNIKKET_", StringComparison.Ordinal) ? line[1..] : line));

        var options = Conf.LoadFile(uncommented);

        Assert.Equal(Conf.LoadFile(ExampleFile.Render()).RetentionDays, options.RetentionDays);
        Assert.Equal("./data", options.DataDir);
        Assert.Empty(options.Warnings);
    }

    [Fact]
    public void Every_setting_appears_once_in_the_example()
    {
        var lines = ExampleFile.Render().Split('\n');

        foreach (var setting in SnikketSettings.All)
        {
            Assert.Single(lines, line => line.TrimStart('#').StartsWith(setting.Key + "=", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_example_wraps_at_78_columns()
    {
        Assert.All(ExampleFile.Render().Split('\n'), line => Assert.True(line.Length <= ExampleFile.Width, line));
    }

    /// <summary>
    /// Walks up to the directory holding Snikket.slnx, starting from this source file (the build
    /// output may live outside the checkout, e.g. with -p:ArtifactsPath=/tmp/…) and then from the
    /// test binaries.
    /// </summary>
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
