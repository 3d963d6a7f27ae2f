namespace Snikket.Configuration.Tests;

public sealed class SnikketSettingsTests
{
    public static TheoryData<string> Keys() => [.. SnikketSettings.All.Select(s => s.Key)];

    [Theory]
    [MemberData(nameof(Keys))]
    public void Every_setting_is_documented(string key)
    {
        var setting = SnikketSettings.Get(key);

        Assert.False(string.IsNullOrWhiteSpace(setting.Description));
        Assert.False(string.IsNullOrWhiteSpace(setting.Summary));
        Assert.EndsWith(".", setting.Description, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Every_default_passes_its_own_validation(string key)
    {
        var setting = SnikketSettings.Get(key);

        if (setting.Default is not null)
        {
            Assert.True(setting.TryNormalize(setting.Default, out _, out var problem), problem);
        }
        else
        {
            Assert.True(setting.Required || setting.DefaultText is not null, "a setting without a default value must say what happens instead");
        }
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Every_example_value_passes_validation(string key)
    {
        var setting = SnikketSettings.Get(key);

        Assert.Equal(setting.Required, setting.Example is not null);
        if (setting.Example is not null)
        {
            Assert.True(setting.TryNormalize(setting.Example, out _, out var problem), problem);
        }
    }

    [Fact]
    public void Keys_are_unique_upper_case_and_prefixed()
    {
        var keys = SnikketSettings.All.Select(s => s.Key).ToList();

        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.All(keys, key => Assert.Matches("^SNIKKET_[A-Z0-9_]+$", key));
    }

    [Fact]
    public void Every_key_constant_has_a_definition_and_every_definition_a_constant()
    {
        var constants = typeof(SnikketKeys).GetFields()
            .Where(f => f.IsLiteral && f.Name is not (nameof(SnikketKeys.Prefix) or nameof(SnikketKeys.TestPrefix) or nameof(SnikketKeys.ConfigPathVariable)))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal);

        Assert.Equal(SnikketSettings.All.Select(s => s.Key).Order(StringComparer.Ordinal), constants);
    }

    [Fact]
    public void Only_the_domain_and_admin_email_are_required_and_they_come_first()
    {
        Assert.Equal(["SNIKKET_DOMAIN", "SNIKKET_ADMIN_EMAIL"], SnikketSettings.All.Where(s => s.Required).Select(s => s.Key));
        Assert.Equal(["SNIKKET_DOMAIN", "SNIKKET_ADMIN_EMAIL"], SnikketSettings.All.Take(2).Select(s => s.Key));
    }

    [Fact]
    public void Settings_are_in_group_order()
    {
        var groups = SnikketSettings.All.Select(s => s.Group).ToList();

        Assert.Equal(groups.Order(), groups);
        Assert.All(Enum.GetValues<SettingGroup>(), g => Assert.False(string.IsNullOrEmpty(SnikketSettings.GroupTitle(g))));
    }

    [Fact]
    public void The_default_ports_do_not_clash()
    {
        var ports = SnikketSettings.All.Where(s => s.IsListeningPort).Select(s => s.Default).ToList();

        Assert.Equal(ports.Count, ports.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_setting_changes_its_option_when_set()
    {
        var defaults = Conf.Load();
        var properties = typeof(SnikketOptions).GetProperties();
        string[] alternatives =
        [
            "other.example", "other@example.com", "Other", "abuse@example.com", "https://example.com/x", "2", "0.25",
            "/elsewhere", "postgres://u:p@db/x", "debug", "0", "smtps://mail.example.com/", "old", "yes", "--x",
            "--no-reuse-key", "/tls/x.pem", "8080", "10.9.8.7", "10.9.8.7,::1", "1234", "61", "5001", "4097", "50000", "60000", "99999",
        ];

        foreach (var setting in SnikketSettings.All)
        {
            var value = alternatives.First(a =>
                setting.TryNormalize(a, out var normalized, out _) && !string.Equals(normalized, setting.Default, StringComparison.Ordinal)
                && Attempt(setting.Key, a) is not null);
            var changed = Attempt(setting.Key, value)!;

            Assert.Contains(properties, p => !string.Equals(Show(p.GetValue(defaults)), Show(p.GetValue(changed)), StringComparison.Ordinal));
        }
    }

    private static SnikketOptions? Attempt(string key, string value)
    {
        // Certificate and key go together; the relay range must stay ordered.
        var env = Conf.Env((key, value));
        if (key.StartsWith("SNIKKET_TWEAK_TLS_", StringComparison.Ordinal))
        {
            env.TryAdd("SNIKKET_TWEAK_TLS_CERTIFICATE", "/tls/c.pem");
            env.TryAdd("SNIKKET_TWEAK_TLS_KEY", "/tls/k.pem");
        }

        try
        {
            return SnikketConfigLoader.Load(null, env);
        }
        catch (SnikketConfigException)
        {
            return null;
        }
    }

    private static string Show(object? value) =>
        value is System.Collections.IEnumerable list and not string ? string.Join(",", list.Cast<object>()) : $"{value}";
}
