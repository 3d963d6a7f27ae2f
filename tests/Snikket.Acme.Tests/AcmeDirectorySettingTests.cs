using Snikket.Configuration;

namespace Snikket.Acme.Tests;

/// <summary>SNIKKET_TWEAK_ACME_DIRECTORY as the configuration loader reads it.</summary>
public sealed class AcmeDirectorySettingTests
{
    [Fact]
    public void Unset_means_Lets_Encrypt_production()
    {
        var options = SnikketConfigLoader.Load(null, Env());

        Assert.Equal(new Uri("https://acme-v02.api.letsencrypt.org/directory"), options.AcmeDirectory);
    }

    [Fact]
    public void A_staging_directory_is_taken()
    {
        var options = SnikketConfigLoader.Load(null, Env(("SNIKKET_TWEAK_ACME_DIRECTORY", "https://acme-staging-v02.api.letsencrypt.org/directory")));

        Assert.Equal("acme-staging-v02.api.letsencrypt.org", options.AcmeDirectory.Host);
    }

    [Fact]
    public void A_plain_http_directory_is_refused_with_the_scheme_named()
    {
        var error = Assert.Throws<SnikketConfigException>(() =>
            SnikketConfigLoader.Load(null, Env(("SNIKKET_TWEAK_ACME_DIRECTORY", "http://ca.example/dir"))));

        Assert.Contains("SNIKKET_TWEAK_ACME_DIRECTORY", error.Message, StringComparison.Ordinal);
        Assert.Contains("http:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_manager_uses_the_paths_the_server_reads()
    {
        var snikket = SnikketConfigLoader.Load(null, Env(("SNIKKET_TWEAK_DATA_DIR", "/srv/snikket")));

        var options = CertificateManagerOptions.FromSnikket(snikket);

        Assert.Equal("/srv/snikket/certs/chat.example.com.crt", options.CertificatePath);
        Assert.Equal("/srv/snikket/certs/chat.example.com.key", options.KeyPath);
        Assert.Equal("/srv/snikket/certs/status.json", options.StatusPath);
        Assert.Equal("/srv/snikket/acme/webroot", options.Webroot);
        Assert.False(options.OperatorProvided);
    }

    private static Dictionary<string, string> Env(params (string Key, string Value)[] extra)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["SNIKKET_DOMAIN"] = "chat.example.com",
            ["SNIKKET_ADMIN_EMAIL"] = "admin@example.com",
        };
        foreach (var (key, value) in extra)
        {
            env[key] = value;
        }

        return env;
    }
}
