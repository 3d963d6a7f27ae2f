namespace Snikket.Configuration.Tests;

/// <summary>Builds configurations for tests: environments and temporary files.</summary>
internal static class Conf
{
    public const string MinimalFile = "SNIKKET_DOMAIN=chat.example.com\nSNIKKET_ADMIN_EMAIL=admin@example.com\n";

    /// <summary>An environment with the two required keys plus <paramref name="extra"/>.</summary>
    public static Dictionary<string, string> Env(params (string Key, string Value)[] extra)
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

    public static SnikketOptions Load(params (string Key, string Value)[] extra) => SnikketConfigLoader.Load(null, Env(extra));

    public static SnikketConfigException Fails(params (string Key, string Value)[] extra) =>
        Assert.Throws<SnikketConfigException>(() => SnikketConfigLoader.Load(null, Env(extra)));

    /// <summary>Loads <paramref name="text"/> written to a temporary snikket.conf, with <paramref name="environment"/>.</summary>
    public static SnikketOptions LoadFile(string text, Dictionary<string, string>? environment = null)
    {
        using var file = new TempFile(text);
        return SnikketConfigLoader.Load(file.Path, environment ?? []);
    }

    public static SnikketConfigException FileFails(string text, Dictionary<string, string>? environment = null)
    {
        using var file = new TempFile(text);
        return Assert.Throws<SnikketConfigException>(() => SnikketConfigLoader.Load(file.Path, environment ?? []));
    }
}
