using System.Net;

namespace Snikket.Configuration.Tests;

public sealed class SnikketConfigLoaderTests
{
    [Fact]
    public void A_minimal_file_with_the_two_required_keys_loads()
    {
        var options = Conf.LoadFile(Conf.MinimalFile);

        Assert.Equal("chat.example.com", options.Domain);
        Assert.Equal("admin@example.com", options.AdminEmail);
        Assert.Equal("chat.example.com", options.SiteName);
        Assert.Equal(7, options.RetentionDays);
        Assert.Empty(options.Warnings);
    }

    [Fact]
    public void Environment_values_override_file_values()
    {
        var options = Conf.LoadFile(
            Conf.MinimalFile + "SNIKKET_RETENTION_DAYS=14\nSNIKKET_SITE_NAME=From file\n",
            new() { ["SNIKKET_RETENTION_DAYS"] = "30" });

        Assert.Equal(30, options.RetentionDays);
        Assert.Equal("From file", options.SiteName);
    }

    [Fact]
    public void An_empty_environment_variable_does_not_hide_the_file_value()
    {
        var options = Conf.LoadFile(Conf.MinimalFile + "SNIKKET_RETENTION_DAYS=14\n", new() { ["SNIKKET_RETENTION_DAYS"] = "" });

        Assert.Equal(14, options.RetentionDays);
    }

    [Fact]
    public void A_bad_environment_value_is_reported_as_coming_from_the_environment()
    {
        var error = Conf.FileFails(Conf.MinimalFile, new() { ["SNIKKET_MAX_USER_CLIENTS"] = "lots" });

        Assert.StartsWith("environment: SNIKKET_MAX_USER_CLIENTS=\"lots\" is not a whole number", Assert.Single(error.Problems).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_fine_when_the_environment_has_the_required_keys()
    {
        var options = SnikketConfigLoader.Load("/nonexistent/snikket.conf", Conf.Env());

        Assert.Equal("chat.example.com", options.Domain);
    }

    [Fact]
    public void A_missing_file_without_the_required_keys_says_where_it_looked()
    {
        var error = Assert.Throws<SnikketConfigException>(() => SnikketConfigLoader.Load("/nonexistent/snikket.conf", new Dictionary<string, string>()));

        Assert.Equal(2, error.Problems.Count);
        Assert.Contains("/nonexistent/snikket.conf does not exist", error.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_in_file_order_then_environment_then_missing()
    {
        var error = Conf.FileFails(
            "SNIKKET_ADMIN_EMAIL=not-an-email\nexport SNIKKET_LOGLEVEL=info\nSNIKKET_RETENTION_DAYS=0\nSNIKKET_RETENTON_DAYS=3\nPATH=/bin\n",
            new() { ["SNIKKET_TLS_PROFILE"] = "paranoid" });

        Assert.Equal(
            ["SNIKKET_ADMIN_EMAIL", "line 2", "SNIKKET_RETENTION_DAYS", "SNIKKET_RETENTON_DAYS", "PATH", "SNIKKET_TLS_PROFILE", "SNIKKET_DOMAIN"],
            error.Problems.Select(p => p.Key));
        Assert.Equal(8, error.Message.Split('\n').Length);
    }

    [Theory]
    [InlineData("SNIKKET_DOMIAN", "SNIKKET_DOMAIN")]
    [InlineData("SNIKKET_LOG_LEVEL", "SNIKKET_LOGLEVEL")]
    [InlineData("SNIKKET_RETENTION_DAY", "SNIKKET_RETENTION_DAYS")]
    [InlineData("SNIKKET_TWEAK_C2S_PROT", "SNIKKET_TWEAK_C2S_PORT")]
    [InlineData("snikket_site_name", "SNIKKET_SITE_NAME")]
    [InlineData("SITE_NAME", "SNIKKET_SITE_NAME")]
    [InlineData("SNIKET_ADMIN_EMAIL", "SNIKKET_ADMIN_EMAIL")]
    public void An_unknown_key_in_the_file_gets_a_did_you_mean_suggestion(string key, string suggestion)
    {
        var error = Conf.FileFails(Conf.MinimalFile + key + "=x\n");

        var problem = Assert.Single(error.Problems);
        Assert.Equal(key, problem.Key);
        Assert.Null(problem.Value);
        Assert.EndsWith($"did you mean {suggestion}?", problem.Message, StringComparison.Ordinal);
        Assert.Equal("snikket.conf line 3", problem.Location);
    }

    [Fact]
    public void An_unknown_snikket_key_in_the_environment_is_an_error()
    {
        var error = Conf.Fails(("SNIKKET_RETENTIONDAYS", "3"));

        Assert.Equal("environment: SNIKKET_RETENTIONDAYS is not a known setting; did you mean SNIKKET_RETENTION_DAYS?", Assert.Single(error.Problems).ToString());
    }

    [Fact]
    public void A_key_far_from_every_setting_gets_no_suggestion()
    {
        var error = Conf.Fails(("SNIKKET_FROBNICATE_THE_WIDGETS", "1"));

        Assert.Equal("is not a known setting", Assert.Single(error.Problems).Message);
    }

    [Fact]
    public void A_non_snikket_key_in_the_file_is_an_error()
    {
        var error = Conf.FileFails(Conf.MinimalFile + "HOME=/root\n");

        var problem = Assert.Single(error.Problems);
        Assert.Equal("HOME", problem.Key);
        Assert.Contains("only SNIKKET_* keys", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_snikket_and_test_tooling_variables_in_the_environment_are_ignored()
    {
        var options = SnikketConfigLoader.Load(null, Conf.Env(
            ("HOME", "/root"), ("PATH", "/bin"), ("SNIKKET_TEST_POSTGRES", "Host=x"), ("SNIKKET_CONFIG", "/etc/snikket.conf")));

        Assert.Equal("chat.example.com", options.Domain);
    }

    [Fact]
    public void A_snikket_setting_this_server_does_not_use_is_explained()
    {
        var error = Conf.FileFails(Conf.MinimalFile + "SNIKKET_TWEAK_IPV6=0\nPUID=1000\n");

        Assert.Equal(2, error.Problems.Count);
        Assert.Contains("is a Snikket setting this server does not use (IPv6 is used", error.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("fixed user", error.Problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_snikket_selfhosted_extras_are_accepted_so_an_existing_file_loads()
    {
        var options = Conf.LoadFile(Conf.MinimalFile
            + "SNIKKET_LETSENCRYPT_TOS_AGREE=Y\nSNIKKET_CERTBOT_OPTIONS=--staging\nSNIKKET_CERTBOT_KEY_OPTIONS=--no-reuse-key\n");

        Assert.True(options.LetsEncryptTosAgree);
        Assert.Equal("--staging", options.CertbotOptions);
        Assert.True(options.RotateCertificateKey);
        var warning = Assert.Single(options.Warnings);
        Assert.Equal("SNIKKET_CERTBOT_OPTIONS", warning.Key);
        Assert.Contains("ignored", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Typed_values_are_bound_to_the_options()
    {
        var options = Conf.Load(
            ("SNIKKET_UPLOAD_STORAGE_GB", "2.5"),
            ("SNIKKET_LOGLEVEL", "Debug"),
            ("SNIKKET_TLS_PROFILE", "old"),
            ("SNIKKET_UPDATE_CHECK", "no"),
            ("SNIKKET_TWEAK_C2S_INTERFACE", "192.0.2.1,2001:db8::1"),
            ("SNIKKET_TWEAK_C2S_IDLE_TIMEOUT", "120"),
            ("SNIKKET_TWEAK_TURNSERVER_INTERNAL_IP", "10.0.0.5"),
            ("SNIKKET_TOS_URI", "https://example.com/tos"),
            ("SNIKKET_TWEAK_USER_INVITES", "off"),
            ("SNIKKET_WEB_AVATAR_CACHE_TTL", "60"));

        Assert.Equal(2.5, options.UploadStorageGb);
        Assert.Equal(2_684_354_560L, options.UploadStorageBytes);
        Assert.Equal(SnikketLogLevel.Debug, options.LogLevel);
        Assert.Equal(TlsProfile.Old, options.TlsProfile);
        Assert.False(options.UpdateCheck);
        Assert.Equal([IPAddress.Parse("192.0.2.1"), IPAddress.Parse("2001:db8::1")], options.C2sInterfaces);
        Assert.False(options.C2sOnAllInterfaces);
        Assert.Equal(TimeSpan.FromSeconds(120), options.C2sIdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(40), options.C2sKeepaliveInterval);
        Assert.Equal(IPAddress.Parse("10.0.0.5"), options.TurnInternalIp);
        Assert.Equal(new Uri("https://example.com/tos"), options.TosUri);
        Assert.Equal(TimeSpan.FromSeconds(60), options.WebAvatarCacheTtl);
        Assert.False(options.UserInvites);
    }

    [Fact]
    public void The_data_directory_defaults_to_the_volume_inside_a_container()
    {
        var inContainer = Conf.Load(("DOTNET_RUNNING_IN_CONTAINER", "true"));
        var outside = Conf.Load();

        Assert.Equal("/snikket", inContainer.DataDir);
        Assert.Equal("./data", outside.DataDir);
        Assert.Equal(Path.Combine("/snikket", "snikket.sqlite"), inContainer.SqlitePath);
    }

    [Fact]
    public void Without_a_database_url_the_embedded_sqlite_file_is_used()
    {
        var options = Conf.Load(("SNIKKET_TWEAK_DATA_DIR", "/srv/chat"));

        Assert.Equal(DatabaseKind.Sqlite, options.DatabaseKind);
        Assert.Null(options.NpgsqlConnectionString);
        Assert.Equal("Data Source=/srv/chat/snikket.sqlite", options.DatabaseConnectionString);
    }

    [Fact]
    public void Certificate_paths_default_to_the_data_directory_by_ascii_domain()
    {
        var options = Conf.Load(("SNIKKET_DOMAIN", "café.example"), ("SNIKKET_TWEAK_DATA_DIR", "/d"));

        Assert.Equal("xn--caf-dma.example", options.DomainAscii);
        Assert.Equal("/d/certs/xn--caf-dma.example.crt", options.TlsCertificatePath);
        Assert.Equal("/d/certs/xn--caf-dma.example.key", options.TlsKeyPath);
    }

    [Fact]
    public void A_certificate_without_its_key_is_an_error()
    {
        var error = Conf.Fails(("SNIKKET_TWEAK_TLS_CERTIFICATE", "/etc/ssl/chat.pem"));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("SNIKKET_TWEAK_TLS_CERTIFICATE", problem.Key);
        Assert.Contains("without SNIKKET_TWEAK_TLS_KEY", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_ports_set_to_the_same_number_is_an_error_naming_both_keys()
    {
        var error = Conf.Fails(("SNIKKET_TWEAK_C2S_DIRECT_TLS_PORT", "5222"));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("SNIKKET_TWEAK_C2S_DIRECT_TLS_PORT", problem.Key);
        Assert.Equal("5222", problem.Value);
        Assert.Contains("also the port of SNIKKET_TWEAK_C2S_PORT", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_port_clash_is_blamed_on_the_key_that_was_set()
    {
        var error = Conf.Fails(("SNIKKET_TWEAK_HTTP_PORT", "5280"));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("SNIKKET_TWEAK_HTTP_PORT", problem.Key);
        Assert.Contains("SNIKKET_TWEAK_INTERNAL_HTTP_PORT", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_turn_server_defaults_to_the_domain_and_0_means_none()
    {
        Assert.Equal(Conf.Load().Domain, Conf.Load().TurnServer);
        Assert.Equal("turn.example.net", Conf.Load(("SNIKKET_TWEAK_TURNSERVER", "turn.example.net")).TurnServer);
        Assert.Null(Conf.Load(("SNIKKET_TWEAK_TURNSERVER", "0")).TurnServer);
    }

    [Fact]
    public void The_turn_relay_range_bounds_are_not_listening_ports_but_must_be_ordered()
    {
        var fine = Conf.Load(("SNIKKET_TWEAK_TURNSERVER_MIN_PORT", "50000"), ("SNIKKET_TWEAK_TURNSERVER_MAX_PORT", "50000"));
        var error = Conf.Fails(("SNIKKET_TWEAK_TURNSERVER_MIN_PORT", "60000"), ("SNIKKET_TWEAK_TURNSERVER_MAX_PORT", "50000"));

        Assert.Equal(50000, fine.TurnMaxPort);
        Assert.Contains("empty relay range", Assert.Single(error.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_in_the_database_url_is_never_shown()
    {
        var error = Conf.FileFails(Conf.MinimalFile + "SNIKKET_TWEAK_DATABASE_URL=postgres://snikket:hunter2@db:5432\n");

        var problem = Assert.Single(error.Problems);
        Assert.Equal("postgres://snikket:***@db:5432", problem.Value);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_in_a_mistyped_database_url_key_is_never_shown()
    {
        var error = Conf.FileFails(Conf.MinimalFile + "SNIKKET_TWEAK_DATABASE_ULR=postgres://snikket:hunter2@db/x\n");

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean SNIKKET_TWEAK_DATABASE_URL?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_in_the_smtp_url_is_never_shown()
    {
        var error = Conf.Fails(("SNIKKET_SMTP_URL", "imap://mailer:hunter2@mail.example.com"));

        Assert.Equal("imap://mailer:***@mail.example.com", Assert.Single(error.Problems).Value);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_line_holding_a_secret_is_reported_without_its_text()
    {
        var error = Conf.FileFails(Conf.MinimalFile + "SNIKKET_TWEAK_DATABASE_URL = postgres://u:hunter2@db/x\nhunter2\n");

        Assert.Equal(2, error.Problems.Count);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_key_in_the_file_is_an_error()
    {
        var error = Conf.FileFails(Conf.MinimalFile + "SNIKKET_DOMAIN=other.example\n");

        var problem = Assert.Single(error.Problems);
        Assert.Equal("SNIKKET_DOMAIN", problem.Key);
        Assert.Equal("snikket.conf line 3", problem.Location);
    }

    [Fact]
    public void Quoted_values_comments_crlf_and_a_bom_all_load()
    {
        var options = Conf.LoadFile(
            "\uFEFF# My server\r\nSNIKKET_DOMAIN=chat.example.com # the domain\r\nSNIKKET_ADMIN_EMAIL='admin@example.com'\r\n"
            + "SNIKKET_SITE_NAME=\"The Smiths' chat\"\r\n");

        Assert.Equal("chat.example.com", options.Domain);
        Assert.Equal("admin@example.com", options.AdminEmail);
        Assert.Equal("The Smiths' chat", options.SiteName);
    }

    [Fact]
    public void New_options_have_the_same_defaults_as_a_loaded_minimal_configuration()
    {
        var loaded = Conf.Load();
        var constructed = new SnikketOptions { Domain = "chat.example.com", AdminEmail = "admin@example.com" };

        foreach (var property in typeof(SnikketOptions).GetProperties())
        {
            var expected = property.GetValue(loaded);
            var actual = property.GetValue(constructed);
            if (expected is System.Collections.IEnumerable list and not string)
            {
                Assert.Equal(list.Cast<object>(), ((System.Collections.IEnumerable)actual!).Cast<object>());
            }
            else
            {
                Assert.True(Equals(expected, actual), $"{property.Name}: loaded {expected}, constructed {actual}");
            }
        }
    }

    [Fact]
    public void The_snapshot_holds_only_snikket_variables_and_the_container_flag()
    {
        var snapshot = SnikketConfigLoader.EnvironmentSnapshot();

        Assert.All(snapshot.Keys, key => Assert.True(
            key.StartsWith("SNIKKET_", StringComparison.Ordinal) || key == "DOTNET_RUNNING_IN_CONTAINER", key));
    }
}
