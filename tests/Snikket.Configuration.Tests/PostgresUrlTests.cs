namespace Snikket.Configuration.Tests;

public sealed class PostgresUrlTests
{
    private static string? Npgsql(string url) => Conf.Load(("SNIKKET_TWEAK_DATABASE_URL", url)).NpgsqlConnectionString;

    [Fact]
    public void A_full_url_becomes_an_npgsql_connection_string()
    {
        var options = Conf.Load(("SNIKKET_TWEAK_DATABASE_URL", "postgres://snikket:secret@db.internal:6543/chat"));

        Assert.Equal(DatabaseKind.PostgreSql, options.DatabaseKind);
        Assert.Equal("host=db.internal;port=6543;username=snikket;password=secret;database=chat", options.NpgsqlConnectionString!.ToLowerInvariant());
        Assert.Equal(options.NpgsqlConnectionString, options.DatabaseConnectionString);
    }

    [Fact]
    public void The_port_defaults_to_5432()
    {
        Assert.Contains("Port=5432", Npgsql("postgresql://u:p@db/chat"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_percent_encoded_password_is_decoded()
    {
        var text = Npgsql("postgres://snik%40ket:p%40ss%3Aw%2Ford%25@db/chat");

        var parsed = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = text };
        Assert.Equal("snik@ket", parsed["username"]);
        Assert.Equal("p@ss:w/ord%", parsed["password"]);
    }

    [Fact]
    public void A_password_with_separators_is_quoted_so_it_survives_the_connection_string()
    {
        var text = Npgsql("postgres://u:a%3Bb%3Dc%22d@db/chat");

        var parsed = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = text };
        Assert.Equal("a;b=c\"d", parsed["password"]);
        Assert.Equal("chat", parsed["database"]);
    }

    [Fact]
    public void An_unencoded_at_sign_in_the_password_still_splits_at_the_last_one()
    {
        var parsed = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = Npgsql("postgres://u:p@ss@db/chat") };

        Assert.Equal("p@ss", parsed["password"]);
        Assert.Equal("db", parsed["host"]);
    }

    [Fact]
    public void A_percent_encoded_absolute_host_is_the_unix_socket_directory()
    {
        var parsed = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = Npgsql("postgresql://snikket@%2Fvar%2Frun%2Fpostgresql/snikket") };

        Assert.Equal("/var/run/postgresql", parsed["host"]);
        Assert.Equal("snikket", parsed["username"]);
        Assert.Equal("snikket", parsed["database"]);
    }

    [Theory]
    [InlineData("postgresql://u@db%2Einternal/chat")]
    [InlineData("postgresql://u@%2Fvar%2/chat")]
    public void A_percent_encoded_host_that_is_no_socket_directory_is_refused(string url)
    {
        var error = Assert.Throws<SnikketConfigException>(() => Npgsql(url));

        Assert.Contains("socket directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_url_without_credentials_leaves_them_out()
    {
        var text = Npgsql("postgres://db/chat");

        Assert.DoesNotContain("password", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("username", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_ipv6_host_loses_its_brackets()
    {
        var parsed = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = Npgsql("postgres://u@[::1]:5433/chat") };

        Assert.Equal("::1", parsed["host"]);
        Assert.Equal("5433", parsed["port"]);
    }

    [Theory]
    [InlineData("require", "Require")]
    [InlineData("verify-full", "VerifyFull")]
    [InlineData("VERIFY-CA", "VerifyCA")]
    public void Sslmode_maps_to_the_npgsql_ssl_mode(string sslMode, string expected)
    {
        var parsed = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = Npgsql("postgres://db/chat?sslmode=" + sslMode) };

        Assert.Equal(expected, parsed["ssl mode"]);
    }

    [Fact]
    public void A_malformed_percent_escape_is_reported_without_the_password()
    {
        var error = Conf.Fails(("SNIKKET_TWEAK_DATABASE_URL", "postgres://u:bad%zzsecret@db/chat"));

        Assert.Contains("malformed %-escape", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_masked_url_is_safe_to_log()
    {
        var options = Conf.Load(("SNIKKET_TWEAK_DATABASE_URL", "postgres://u:hunter2@db/chat?sslmode=require"));

        Assert.Equal("postgres://u:***@db/chat?sslmode=require", options.DatabaseUrlMasked);
    }

    [Theory]
    [InlineData("postgres://u:pw@db/x", "postgres://u:***@db/x")]
    [InlineData("postgres://u@db/x", "postgres://u@db/x")]
    [InlineData("postgres://u:p@ss@db/x", "postgres://u:***@db/x")]
    [InlineData("postgres://db/x?password=pw", "postgres://db/x?password=***")]
    [InlineData("Host=db;Password=pw", "***")]
    public void Masking_hides_only_the_password(string url, string expected)
    {
        Assert.Equal(expected, PostgresUrl.Mask(url));
    }
}
