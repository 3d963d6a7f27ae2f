using System.Net;
using Snikket.Configuration;
using Snikket.Server.Commands;

namespace Snikket.Server.Tests.Commands;

public sealed class SettingsLoaderTests
{
    [Fact]
    public void Two_required_keys_give_the_documented_defaults()
    {
        var options = new SnikketOptions { Domain = "chat.example.com", AdminEmail = "admin@example.com", DataDir = "/srv/snikket" };

        var settings = SettingsLoader.FromOptions(options);

        Assert.Equal(5222, settings.Listen.ClientPort);
        Assert.Equal(5223, settings.Listen.ClientDirectTlsPort);
        Assert.Empty(settings.Listen.ClientAddresses);
        Assert.Equal([IPAddress.Loopback], settings.Listen.InternalHttpAddresses);
        Assert.Equal(DatabaseKind.Sqlite, settings.Database);
        Assert.Equal("Data Source=/srv/snikket/snikket.sqlite", settings.ConnectionString);
        Assert.Equal("/srv/snikket/certs/chat.example.com.crt", settings.CertificatePath);
        Assert.True(settings.GenerateCertificate);
        Assert.True(settings.Streams.RequireEncryption);
        Assert.Equal(10, settings.Streams.MaxSessionsPerAccount);
        Assert.Equal(262144, settings.Streams.Limits.MaxStanzaBytes);
        Assert.Equal("chat.example.com", settings.SiteName);
    }

    [Fact]
    public void The_turn_settings_reach_the_server()
    {
        var options = new SnikketOptions
        {
            Domain = "chat.example.com", AdminEmail = "a@example.com",
            TurnPort = 3479, TurnMinPort = 50000, TurnMaxPort = 50100, TurnInternalIp = IPAddress.Parse("192.168.1.10"),
        };

        var turn = SettingsLoader.FromOptions(options).Turn;

        Assert.Equal((3479, 5349, 50000, 50100, IPAddress.Parse("192.168.1.10")), (turn.Port, turn.TlsPort, turn.MinRelayPort, turn.MaxRelayPort, turn.InternalAddress));
    }

    [Fact]
    public void A_provided_certificate_is_used_and_never_overwritten()
    {
        var options = new SnikketOptions { Domain = "chat.example.com", AdminEmail = "a@example.com", TlsCertificate = "/etc/c.pem", TlsKey = "/etc/k.pem" };

        var settings = SettingsLoader.FromOptions(options);

        Assert.Equal("/etc/c.pem", settings.CertificatePath);
        Assert.False(settings.GenerateCertificate);
    }

    [Fact]
    public void A_postgres_url_selects_postgres()
    {
        var options = new SnikketOptions { Domain = "chat.example.com", AdminEmail = "a@example.com", DatabaseUrl = "postgres://snikket:s3cret@db:5432/snikket" };

        var settings = SettingsLoader.FromOptions(options);

        Assert.Equal(DatabaseKind.PostgreSql, settings.Database);
        Assert.Contains("Host=db", settings.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void The_contact_addresses_are_passed_on()
    {
        var options = new SnikketOptions { Domain = "chat.example.com", AdminEmail = "admin@example.com", AbuseEmail = "abuse@example.com", SecurityEmail = "security@example.com" };

        var settings = SettingsLoader.FromOptions(options);

        Assert.Equal(("admin@example.com", "abuse@example.com", "security@example.com"), (settings.AdminEmail, settings.AbuseEmail, settings.SecurityEmail));
    }

    [Fact]
    public void Abuse_and_security_addresses_are_optional()
    {
        var options = new SnikketOptions { Domain = "chat.example.com", AdminEmail = "admin@example.com" };

        var settings = SettingsLoader.FromOptions(options);

        Assert.Null(settings.AbuseEmail);
        Assert.Null(settings.SecurityEmail);
    }

    [Fact]
    public void The_retention_days_become_the_archive_retention()
    {
        var options = new SnikketOptions { Domain = "chat.example.com", AdminEmail = "a@example.com", RetentionDays = 30 };

        var settings = SettingsLoader.FromOptions(options);

        Assert.Equal(TimeSpan.FromDays(30), settings.Retention);
    }
}
