using Snikket.Configuration;

namespace Snikket.Portal;

/// <summary>
/// Loads the <c>SNIKKET_*</c> settings for the portal's own process: the file named by
/// <c>SNIKKET_CONFIG</c> (default <c>./snikket.conf</c>, if present) and the variables in the
/// host's configuration (the process environment, and what tests set on the host).
/// </summary>
public static class PortalConfiguration
{
    public static SnikketOptions Load(IConfiguration configuration)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (value is not null && (key.StartsWith(SnikketKeys.Prefix, StringComparison.Ordinal) || key == SnikketConfigLoader.ContainerVariable))
            {
                environment[key] = value;
            }
        }

        var path = configuration[SnikketKeys.ConfigPathVariable] ?? "snikket.conf";
        return SnikketConfigLoader.Load(File.Exists(path) ? path : null, environment);
    }
}
