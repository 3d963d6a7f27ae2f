namespace Snikket.Configuration.Tests;

public sealed class ValidationTests
{
    [Theory]
    [InlineData("SNIKKET_DOMAIN", "Chat.Example.COM", "chat.example.com")]
    [InlineData("SNIKKET_DOMAIN", "localhost", "localhost")]
    [InlineData("SNIKKET_DOMAIN", "xn--caf-dma.example", "xn--caf-dma.example")]
    [InlineData("SNIKKET_DOMAIN", "Café.example", "café.example")]
    [InlineData("SNIKKET_DOMAIN", "a-b.c-d.example", "a-b.c-d.example")]
    [InlineData("SNIKKET_ADMIN_EMAIL", "Admin@Example.COM", "Admin@example.com")]
    [InlineData("SNIKKET_ADMIN_EMAIL", "first.last+tag@mail.example.org", "first.last+tag@mail.example.org")]
    [InlineData("SNIKKET_RETENTION_DAYS", "30", "30")]
    [InlineData("SNIKKET_RETENTION_DAYS", " 007 ", "7")]
    [InlineData("SNIKKET_TWEAK_C2S_PORT", "65535", "65535")]
    [InlineData("SNIKKET_LOGLEVEL", "DEBUG", "debug")]
    [InlineData("SNIKKET_TLS_PROFILE", "Intermediate", "intermediate")]
    [InlineData("SNIKKET_UPDATE_CHECK", "off", "false")]
    [InlineData("SNIKKET_UPDATE_CHECK", "Yes", "true")]
    [InlineData("SNIKKET_UPDATE_CHECK", "0", "false")]
    [InlineData("SNIKKET_LETSENCRYPT_TOS_AGREE", "Y", "true")]
    [InlineData("SNIKKET_TWEAK_DATA_DIR", "/var/lib/snikket", "/var/lib/snikket")]
    [InlineData("SNIKKET_TWEAK_DATA_DIR", "relative/dir", "relative/dir")]
    [InlineData("SNIKKET_TOS_URI", "https://example.com/terms", "https://example.com/terms")]
    [InlineData("SNIKKET_SMTP_URL", "smtp://user:pw@mail.example.com:587/;no-tls", "smtp://user:pw@mail.example.com:587/;no-tls")]
    [InlineData("SNIKKET_TWEAK_TURNSERVER", "Turn.Example.net", "turn.example.net")]
    [InlineData("SNIKKET_TWEAK_TURNSERVER", "0", "0")]
    [InlineData("SNIKKET_TWEAK_TURNSERVER_INTERNAL_IP", "192.168.1.10", "192.168.1.10")]
    [InlineData("SNIKKET_TWEAK_TURNSERVER_INTERNAL_IP", "fd00::1", "fd00::1")]
    [InlineData("SNIKKET_TWEAK_INTERNAL_HTTP_INTERFACE", "127.0.0.1, ::1", "127.0.0.1,::1")]
    [InlineData("SNIKKET_TWEAK_C2S_INTERFACE", "*", "*")]
    [InlineData("SNIKKET_TWEAK_C2S_INTERFACE", "10.0.0.1,10.0.0.2", "10.0.0.1,10.0.0.2")]
    [InlineData("SNIKKET_UPLOAD_STORAGE_GB", "0.5", "0.5")]
    [InlineData("SNIKKET_UPLOAD_STORAGE_GB", "0", "0")]
    [InlineData("SNIKKET_TWEAK_DATABASE_URL", "postgres://u:p@db/snikket", "postgres://u:p@db/snikket")]
    [InlineData("SNIKKET_SITE_NAME", "Family chat", "Family chat")]
    [InlineData("SNIKKET_CERTBOT_KEY_OPTIONS", "--NO-REUSE-KEY", "--no-reuse-key")]
    public void Good_values_are_accepted_and_normalized(string key, string value, string expected)
    {
        var ok = SnikketSettings.Get(key).TryNormalize(value, out var normalized, out var problem);

        Assert.True(ok, problem);
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("SNIKKET_DOMAIN", "https://chat.example.com", "URL scheme", "a domain name such as chat.example.com")]
    [InlineData("SNIKKET_DOMAIN", "chat.example.com:5222", "includes a port", "without scheme, port or path")]
    [InlineData("SNIKKET_DOMAIN", "chat.example.com/portal", "includes a path", "without scheme, port or path")]
    [InlineData("SNIKKET_DOMAIN", "chat", "has no dot", "a domain name")]
    [InlineData("SNIKKET_DOMAIN", "192.0.2.7", "is an IP address", "a domain name")]
    [InlineData("SNIKKET_DOMAIN", "[2001:db8::1]", "is an IP address", "a domain name")]
    [InlineData("SNIKKET_DOMAIN", "chat.example.com.", "ends with a dot", "a domain name")]
    [InlineData("SNIKKET_DOMAIN", "chat_server.example.com", "not a valid domain name", "a domain name")]
    [InlineData("SNIKKET_DOMAIN", "-chat.example.com", "not a valid domain name", "a domain name")]
    [InlineData("SNIKKET_DOMAIN", "you@example.com", "email address", "a domain name")]
    [InlineData("SNIKKET_ADMIN_EMAIL", "admin.example.com", "has no @", "an email address")]
    [InlineData("SNIKKET_ADMIN_EMAIL", "mailto:admin@example.com", "mailto:", "an email address")]
    [InlineData("SNIKKET_ADMIN_EMAIL", "admin@", "not a valid email address", "an email address")]
    [InlineData("SNIKKET_ADMIN_EMAIL", "a b@example.com", "not a valid email address", "an email address")]
    [InlineData("SNIKKET_RETENTION_DAYS", "seven", "is not a whole number", "1–3650")]
    [InlineData("SNIKKET_RETENTION_DAYS", "0", "is out of range", "1–3650")]
    [InlineData("SNIKKET_RETENTION_DAYS", "7.5", "is not a whole number", "1–3650")]
    [InlineData("SNIKKET_TWEAK_C2S_PORT", "70000", "is out of range", "a port number 1–65535")]
    [InlineData("SNIKKET_TWEAK_C2S_PORT", "0", "is out of range", "a port number 1–65535")]
    [InlineData("SNIKKET_TWEAK_SCRAM_ITERATIONS", "1000", "is out of range", "4096–1000000")]
    [InlineData("SNIKKET_LOGLEVEL", "verbose", "is not one of the choices", "error, warn, info, debug")]
    [InlineData("SNIKKET_UPDATE_CHECK", "maybe", "is not a yes/no value", "1/0, true/false, yes/no, on/off")]
    [InlineData("SNIKKET_TWEAK_DATA_DIR", "~/snikket", "is not expanded", "a file path")]
    [InlineData("SNIKKET_TOS_URI", "example.com/terms", "is not an absolute URL", "https:// or http://")]
    [InlineData("SNIKKET_TOS_URI", "ftp://example.com/terms", "has the scheme ftp", "https:// or http://")]
    [InlineData("SNIKKET_TWEAK_TURNSERVER", "turn://turn.example.net", "URL scheme", "a domain name such as chat.example.com, without scheme, port or path, or 0")]
    [InlineData("SNIKKET_TWEAK_TURNSERVER_INTERNAL_IP", "10.1", "is not an IP address", "one IPv4 or IPv6 address")]
    [InlineData("SNIKKET_TWEAK_TURNSERVER_INTERNAL_IP", "host.example", "is not an IP address", "one IPv4 or IPv6 address")]
    [InlineData("SNIKKET_TWEAK_INTERNAL_HTTP_INTERFACE", "*", "not allowed here", "comma-separated list of IP addresses")]
    [InlineData("SNIKKET_TWEAK_INTERNAL_HTTP_INTERFACE", "127.0.0.1,,::1", "empty entry", "comma-separated list")]
    [InlineData("SNIKKET_TWEAK_C2S_INTERFACE", "*,10.0.0.1", "must stand alone", "* for every interface")]
    [InlineData("SNIKKET_TWEAK_C2S_INTERFACE", "10.0.0.1,localhost", "\"localhost\", which is not an IP address", "* for every interface")]
    [InlineData("SNIKKET_UPLOAD_STORAGE_GB", "-1", "is negative", "gigabytes")]
    [InlineData("SNIKKET_UPLOAD_STORAGE_GB", "10GB", "without a unit", "gigabytes")]
    [InlineData("SNIKKET_UPLOAD_STORAGE_GB", "1,5", "use a dot", "gigabytes")]
    [InlineData("SNIKKET_UPLOAD_STORAGE_GB", "NaN", "is not a number", "gigabytes")]
    [InlineData("SNIKKET_TWEAK_DATABASE_URL", "mysql://u@db/x", "not a postgres://", "postgres://user:password@host:port/database")]
    [InlineData("SNIKKET_TWEAK_DATABASE_URL", "postgres://db:5432", "names no database", "postgres://")]
    [InlineData("SNIKKET_TWEAK_DATABASE_URL", "postgres://db:99999/x", "port", "postgres://")]
    [InlineData("SNIKKET_TWEAK_DATABASE_URL", "postgres://db/x?sslmode=always", "sslmode=always", "postgres://")]
    [InlineData("SNIKKET_SITE_NAME", "tab\there", "control character", "text of 1–100 characters")]
    [InlineData("SNIKKET_CERTBOT_KEY_OPTIONS", "--keep", "is not one of the choices", "--reuse-key, --no-reuse-key")]
    public void Bad_values_are_reported_with_key_value_and_what_is_allowed(string key, string value, string reason, string allowed)
    {
        var error = Conf.Fails((key, value));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(key, problem.Key);
        Assert.Contains(reason, problem.Message, StringComparison.Ordinal);
        Assert.Contains("; allowed: ", problem.Message, StringComparison.Ordinal);
        Assert.Contains(allowed, problem.Message[problem.Message.IndexOf("; allowed: ", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Contains($"{key}=\"", error.Message, StringComparison.Ordinal);
        Assert.Contains(SnikketSettings.Get(key).Summary, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_value_in_the_file_is_reported_with_file_line_key_value_and_range()
    {
        var error = Conf.FileFails(Conf.MinimalFile + "\nSNIKKET_RETENTION_DAYS=seven\n");

        Assert.Equal(
            "snikket.conf line 4: SNIKKET_RETENTION_DAYS=\"seven\" is not a whole number; allowed: 1–3650 (days to keep messages and uploads)",
            Assert.Single(error.Problems).ToString());
    }

    [Fact]
    public void The_exception_message_lists_every_problem_on_its_own_line()
    {
        var error = Conf.FileFails("SNIKKET_DOMAIN=https://x.example\nSNIKKET_ADMIN_EMAIL=nobody\nSNIKKET_LOGLEVEL=loud\n");

        var lines = error.Message.Split('\n');
        Assert.Equal("The configuration has 3 problems:", lines[0]);
        Assert.StartsWith("snikket.conf line 1: SNIKKET_DOMAIN=\"https://x.example\"", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("snikket.conf line 2: SNIKKET_ADMIN_EMAIL=\"nobody\"", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("snikket.conf line 3: SNIKKET_LOGLEVEL=\"loud\"", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void Required_keys_missing_everywhere_are_reported_with_an_example()
    {
        var error = Assert.Throws<SnikketConfigException>(() => SnikketConfigLoader.Load(null, new Dictionary<string, string>()));

        Assert.Equal(["SNIKKET_DOMAIN", "SNIKKET_ADMIN_EMAIL"], error.Problems.Select(p => p.Key));
        Assert.Contains("is not set; it is required", error.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("SNIKKET_DOMAIN=chat.example.com", error.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_required_value_counts_as_missing()
    {
        var error = Conf.FileFails("SNIKKET_DOMAIN=\nSNIKKET_ADMIN_EMAIL=a@example.com\n");

        Assert.Equal("SNIKKET_DOMAIN", Assert.Single(error.Problems).Key);
    }
}
