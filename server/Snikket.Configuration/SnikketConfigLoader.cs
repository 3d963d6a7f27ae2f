using System.Collections;
using System.Text;

namespace Snikket.Configuration;

/// <summary>
/// Reads <c>snikket.conf</c> and the process environment into <see cref="SnikketOptions"/>,
/// validating every value against <see cref="SnikketSettings"/>. Precedence, highest first:
/// a non-empty <c>SNIKKET_*</c> environment variable; the file; the setting's default.
/// </summary>
public static class SnikketConfigLoader
{
    /// <summary>The variable .NET's container images set; it selects the data directory default.</summary>
    public const string ContainerVariable = "DOTNET_RUNNING_IN_CONTAINER";

    private const string EnvironmentLocation = "environment";

    /// <summary>
    /// Loads and validates the configuration.
    /// </summary>
    /// <param name="confPath">The env file to read, or null to use the environment alone. A path
    /// that does not exist is not an error by itself: the environment may supply everything (as
    /// under compose, where <c>env_file:</c> has already turned the file into variables).</param>
    /// <param name="environment">Environment variables; usually <see cref="EnvironmentSnapshot"/>.
    /// Only <c>SNIKKET_*</c> keys (except <c>SNIKKET_TEST_*</c>, which belong to test tooling) and
    /// <c>DOTNET_RUNNING_IN_CONTAINER</c> are looked at; <c>SNIKKET_CONFIG</c> (the file's own path)
    /// is skipped. An empty variable counts as unset and does not hide the file's value.</param>
    /// <exception cref="SnikketConfigException">Anything is wrong; every problem is listed.</exception>
    public static SnikketOptions Load(string? confPath, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var problems = new List<ConfigProblem>();
        var warnings = new List<ConfigProblem>();
        var fileName = confPath is null ? "snikket.conf" : Path.GetFileName(confPath);
        string? missingFileNote = null;
        var unreadable = false;

        // key → (raw value, location, line) after applying precedence.
        var raw = new Dictionary<string, (string Value, string Location, int Line)>(StringComparer.Ordinal);

        if (confPath is not null)
        {
            var before = problems.Count;
            var text = ReadFile(confPath, fileName, problems, out missingFileNote);
            unreadable = problems.Count > before;
            if (text is not null)
            {
                foreach (var entry in EnvFile.Parse(text, fileName, problems))
                {
                    var location = $"{fileName} line {entry.Line}";
                    if (CheckKnown(entry.Key, location, entry.Line, problems))
                    {
                        raw[entry.Key] = (entry.Value, location, entry.Line);
                    }
                }
            }
        }

        foreach (var (key, value) in environment.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!key.StartsWith(SnikketKeys.Prefix, StringComparison.Ordinal) || key.StartsWith(SnikketKeys.TestPrefix, StringComparison.Ordinal)
                || string.Equals(key, SnikketKeys.ConfigPathVariable, StringComparison.Ordinal))
            {
                continue;
            }

            if (CheckKnown(key, EnvironmentLocation, 0, problems) && !string.IsNullOrWhiteSpace(value))
            {
                raw[key] = (value, EnvironmentLocation, 0);
            }
        }

        var normalized = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var setting in SnikketSettings.All)
        {
            if (raw.TryGetValue(setting.Key, out var given) && given.Value.Trim().Length > 0)
            {
                if (setting.TryNormalize(given.Value, out var value, out var problem))
                {
                    normalized[setting.Key] = value;
                }
                else
                {
                    problems.Add(new ConfigProblem(setting.Key, Shown(setting, given.Value.Trim()), problem)
                    {
                        Location = given.Location, Line = given.Line,
                    });
                }
            }
            else if (setting.Required && !unreadable)
            {
                // (When the file could not be read at all, "not set" would only repeat that.)
                var hint = setting.Example is null ? "" : $", e.g. {setting.Key}={setting.Example}";
                problems.Add(new ConfigProblem(setting.Key, null,
                    $"is not set; it is required ({setting.Summary}{hint}){missingFileNote}")
                {
                    Location = confPath is null ? EnvironmentLocation : fileName, Line = int.MaxValue,
                });
            }
            else if (setting.Default is not null)
            {
                normalized[setting.Key] = SettingValues.Defaults.RequiredText(setting.Key);
            }
        }

        CheckCombinations(normalized, raw, problems);

        if (normalized.TryGetValue(SnikketKeys.CertbotOptions, out var certbotOptions))
        {
            warnings.Add(new ConfigProblem(SnikketKeys.CertbotOptions, certbotOptions,
                "is ignored: certificates come from the built-in ACME client, not certbot")
            {
                Location = raw[SnikketKeys.CertbotOptions].Location,
            });
        }

        if (problems.Count > 0)
        {
            // File problems in line order, then the environment, then missing keys.
            throw new SnikketConfigException([.. problems.OrderBy(p => p.Line == 0 ? int.MaxValue - 1 : p.Line)]);
        }

        var inContainer = environment.TryGetValue(ContainerVariable, out var container)
            && string.Equals(container, "true", StringComparison.OrdinalIgnoreCase);
        return Bind(new SettingValues(normalized), inContainer, warnings);
    }

    /// <summary>
    /// The current process's <c>SNIKKET_*</c> environment variables, plus
    /// <c>DOTNET_RUNNING_IN_CONTAINER</c> (which decides the data directory default), for
    /// <see cref="Load"/>.
    /// </summary>
    public static Dictionary<string, string> EnvironmentSnapshot()
    {
        var snapshot = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value
                && (key.StartsWith(SnikketKeys.Prefix, StringComparison.Ordinal) || string.Equals(key, ContainerVariable, StringComparison.Ordinal)))
            {
                snapshot[key] = value;
            }
        }

        return snapshot;
    }

    private static string? ReadFile(string path, string fileName, List<ConfigProblem> problems, out string? missingNote)
    {
        missingNote = null;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                missingNote = $"; {path} does not exist and the environment does not set it either";
                return null;
            }

            // Checked before reading so a wrong path (a disk image, a log) is not loaded into memory.
            if (info.Length > EnvFile.MaxFileBytes + 3)
            {
                problems.Add(new ConfigProblem("file", null,
                    $"is larger than {EnvFile.MaxFileBytes / 1024} KiB; is this really the configuration file?")
                {
                    Location = fileName,
                });
                return null;
            }

            var bytes = File.ReadAllBytes(path);
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            problems.Add(new ConfigProblem("file", null, "is not UTF-8 text; save it as UTF-8") { Location = fileName });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(new ConfigProblem("file", null, $"cannot be read: {e.Message}") { Location = fileName });
        }

        return null;
    }

    /// <summary>Reports keys that are not settings; returns true for a known setting.</summary>
    private static bool CheckKnown(string key, string location, int line, List<ConfigProblem> problems)
    {
        if (SnikketSettings.TryGet(key, out _))
        {
            return true;
        }

        string message;
        if (string.Equals(key, SnikketKeys.ConfigPathVariable, StringComparison.Ordinal))
        {
            message = "names the configuration file and only works in the environment; remove it from the file";
        }
        else if (UnsupportedSnikketKeys.TryGetReason(key, out var reason))
        {
            message = $"is a Snikket setting this server does not use ({reason}); remove it";
        }
        else
        {
            var suggestion = KeySuggestions.Suggest(key);
            // Only file keys can lack the prefix: other environment variables are not ours to judge.
            var what = key.StartsWith(SnikketKeys.Prefix, StringComparison.Ordinal)
                ? "is not a known setting"
                : "is not a setting (this file holds only SNIKKET_* keys)";
            message = suggestion is null ? what : $"{what}; did you mean {suggestion}?";
        }

        // The value is never shown: an unknown key might be a mistyped secret.
        problems.Add(new ConfigProblem(key, null, message) { Location = location, Line = line });
        return false;
    }

    private static void CheckCombinations(
        Dictionary<string, string> values, Dictionary<string, (string Value, string Location, int Line)> raw, List<ConfigProblem> problems)
    {
        void Add(string key, string message)
        {
            var (location, line) = raw.TryGetValue(key, out var given) ? (given.Location, given.Line) : ("defaults", int.MaxValue - 1);
            problems.Add(new ConfigProblem(key, values.GetValueOrDefault(key), message) { Location = location, Line = line });
        }

        // Two services cannot listen on one port. Report each clash once, on the key that was
        // set explicitly (the other is usually a default the operator did not think about).
        var ports = SnikketSettings.All.Where(s => s.IsListeningPort && values.ContainsKey(s.Key)).ToList();
        for (var i = 0; i < ports.Count; i++)
        {
            for (var j = i + 1; j < ports.Count; j++)
            {
                var (a, b) = (ports[i], ports[j]);
                if (string.Equals(values[a.Key], values[b.Key], StringComparison.Ordinal))
                {
                    var (blamed, other) = raw.ContainsKey(b.Key) || !raw.ContainsKey(a.Key) ? (b, a) : (a, b);
                    Add(blamed.Key, $"is also the port of {other.Key}; each service needs its own port");
                }
            }
        }

        if (values.TryGetValue(SnikketKeys.TurnMinPort, out var min) && values.TryGetValue(SnikketKeys.TurnMaxPort, out var max)
            && int.Parse(min, System.Globalization.CultureInfo.InvariantCulture) > int.Parse(max, System.Globalization.CultureInfo.InvariantCulture))
        {
            Add(raw.ContainsKey(SnikketKeys.TurnMaxPort) ? SnikketKeys.TurnMaxPort : SnikketKeys.TurnMinPort,
                $"leaves an empty relay range: {SnikketKeys.TurnMinPort}={min} is above {SnikketKeys.TurnMaxPort}={max}");
        }

        var hasCertificate = values.ContainsKey(SnikketKeys.TlsCertificate);
        if (hasCertificate != values.ContainsKey(SnikketKeys.TlsKey))
        {
            var (set, unset) = hasCertificate
                ? (SnikketKeys.TlsCertificate, SnikketKeys.TlsKey)
                : (SnikketKeys.TlsKey, SnikketKeys.TlsCertificate);
            Add(set, $"is set without {unset}; give both the certificate and its key, or neither");
        }
    }

    private static string Shown(SnikketSetting setting, string value) => setting.Secret ? PostgresUrl.Mask(value) : value;

    private static SnikketOptions Bind(SettingValues v, bool inContainer, List<ConfigProblem> warnings) => new()
    {
        Domain = v.RequiredText(SnikketKeys.Domain),
        AdminEmail = v.RequiredText(SnikketKeys.AdminEmail),

        SiteName = v.Text(SnikketKeys.SiteName) ?? v.RequiredText(SnikketKeys.Domain),
        AbuseEmail = v.Text(SnikketKeys.AbuseEmail),
        SecurityEmail = v.Text(SnikketKeys.SecurityEmail),
        TosUri = v.OptionalUri(SnikketKeys.TosUri),
        PrivacyUri = v.OptionalUri(SnikketKeys.PrivacyUri),
        UserInvites = v.Bool(SnikketKeys.UserInvites),

        RetentionDays = v.Int(SnikketKeys.RetentionDays),
        UploadStorageGb = v.OptionalDouble(SnikketKeys.UploadStorageGb),
        DailyUploadLimitPerUserGb = v.OptionalDouble(SnikketKeys.DailyUploadLimitPerUserGb)!.Value,
        DataDir = v.Text(SnikketKeys.DataDir) ?? SnikketSettings.DefaultDataDir(inContainer),
        DatabaseUrl = v.Text(SnikketKeys.DatabaseUrl),

        LogLevel = v.Choice<SnikketLogLevel>(SnikketKeys.LogLevel),
        UpdateCheck = v.Bool(SnikketKeys.UpdateCheck),
        SmtpUrl = v.OptionalUri(SnikketKeys.SmtpUrl),

        TlsProfile = v.Choice<TlsProfile>(SnikketKeys.TlsProfile),
        LetsEncryptTosAgree = v.OptionalBool(SnikketKeys.LetsEncryptTosAgree),
        CertbotOptions = v.Text(SnikketKeys.CertbotOptions),
        CertbotKeyOptions = v.RequiredText(SnikketKeys.CertbotKeyOptions),
        TlsCertificate = v.Text(SnikketKeys.TlsCertificate),
        TlsKey = v.Text(SnikketKeys.TlsKey),
        AcmeDirectory = v.OptionalUri(SnikketKeys.AcmeDirectory)!,

        HttpPort = v.Int(SnikketKeys.HttpPort),
        HttpsPort = v.Int(SnikketKeys.HttpsPort),
        InternalHttpPort = v.Int(SnikketKeys.InternalHttpPort),
        InternalHttpInterfaces = v.Ips(SnikketKeys.InternalHttpInterface),
        PortalInternalHttpPort = v.Int(SnikketKeys.PortalInternalHttpPort),
        PortalInternalHttpInterfaces = v.Ips(SnikketKeys.PortalInternalHttpInterface),
        PortalEmbedded = v.Bool(SnikketKeys.PortalEmbedded),
        WebAvatarCacheTtl = v.Seconds(SnikketKeys.WebAvatarCacheTtl),

        C2sPort = v.Int(SnikketKeys.C2sPort),
        C2sDirectTlsPort = v.Int(SnikketKeys.C2sDirectTlsPort),
        C2sInterfaces = v.Ips(SnikketKeys.C2sInterface),
        S2sPort = v.Int(SnikketKeys.S2sPort),
        S2sDirectTlsPort = v.Int(SnikketKeys.S2sDirectTlsPort),
        Proxy65Port = v.Int(SnikketKeys.Proxy65Port),
        MaxUserClients = v.Int(SnikketKeys.MaxUserClients),
        StanzaSizeLimit = v.Int(SnikketKeys.StanzaSizeLimit),
        C2sIdleTimeout = v.Seconds(SnikketKeys.C2sIdleTimeout),
        C2sRequireEncryption = v.Bool(SnikketKeys.C2sRequireEncryption),
        PreauthTimeout = v.Seconds(SnikketKeys.PreauthTimeout),
        ScramIterations = v.Int(SnikketKeys.ScramIterations),

        TurnPort = v.Int(SnikketKeys.TurnPort),
        TurnMinPort = v.Int(SnikketKeys.TurnMinPort),
        TurnMaxPort = v.Int(SnikketKeys.TurnMaxPort),
        TurnInternalIp = v.OptionalIp(SnikketKeys.TurnInternalIp),
        TurnServerSetting = v.Text(SnikketKeys.TurnServer),

        Warnings = warnings,
    };
}
