using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Snikket.Configuration;

/// <summary>
/// The checks behind <see cref="SnikketSetting.TryNormalize"/>, one per <see cref="SettingKind"/>.
/// Each returns null and a normalized value, or a reason phrased to follow <c>KEY="value"</c>.
/// </summary>
internal static class SettingValidation
{
    private static readonly string[] TrueWords = ["1", "true", "yes", "on", "y"];
    private static readonly string[] FalseWords = ["0", "false", "no", "off", "n"];

    public static string? Check(SnikketSetting setting, string value, out string? normalized)
    {
        normalized = null;
        if (value.Length == 0)
        {
            return "is empty";
        }

        // One-line values only: a control character here is a paste accident, and would make
        // the env file (and log lines) ambiguous.
        if (value.Any(char.IsControl))
        {
            return "contains a control character (tab, newline or similar)";
        }

        return setting.Kind switch
        {
            SettingKind.Text => CheckText(setting, value, out normalized),
            SettingKind.DomainName when setting.AllowedValues.Contains(value) => Verbatim(value, out normalized),
            SettingKind.DomainName => CheckDomain(value, out normalized),
            SettingKind.Email => CheckEmail(value, out normalized),
            SettingKind.WholeNumber or SettingKind.Port => CheckInteger(setting, value, out normalized),
            SettingKind.Choice => CheckChoice(setting, value, out normalized),
            SettingKind.Boolean => CheckBoolean(value, out normalized),
            SettingKind.FilePath => CheckPath(value, out normalized),
            SettingKind.Url => CheckUrl(setting, value, out normalized),
            SettingKind.IpAddress => CheckIp(value, out normalized),
            SettingKind.IpAddressList => CheckIpList(setting, value, out normalized),
            SettingKind.SizeGb => CheckSize(setting, value, out normalized),
            SettingKind.PostgresUrl => CheckPostgres(value, out normalized),
            _ => throw new InvalidOperationException($"Unknown kind {setting.Kind}."),
        };
    }

    public static bool ParseBoolean(string normalized) => string.Equals(normalized, "true", StringComparison.Ordinal);

    private static string? CheckText(SnikketSetting setting, string value, out string? normalized)
    {
        normalized = null;
        if (value.Length < setting.Min)
        {
            return "is too short";
        }

        if (value.Length > setting.Max)
        {
            return $"is too long ({value.Length} characters)";
        }

        normalized = value;
        return null;
    }

    /// <summary>A special value a domain setting also takes (e.g. <c>0</c> for "none"), kept as written.</summary>
    private static string? Verbatim(string value, out string? normalized)
    {
        normalized = value;
        return null;
    }

    private static string? CheckDomain(string value, out string? normalized)
    {
        normalized = null;
        if (value.Contains("://", StringComparison.Ordinal))
        {
            return "includes a URL scheme; give the host name only";
        }

        if (value.Contains('@', StringComparison.Ordinal))
        {
            return "looks like an email address; give the host name only";
        }

        if (value.Contains('/', StringComparison.Ordinal))
        {
            return "includes a path; give the host name only";
        }

        if (value.Any(char.IsWhiteSpace))
        {
            return "contains a space";
        }

        const string IpReason = "is an IP address; a domain name is needed, because certificates and federation work with names";
        if (value.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(value.Trim('[', ']'), out _)
                ? IpReason
                : "includes a port; give the host name only (ports have their own SNIKKET_TWEAK_*_PORT settings)";
        }

        if (value.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            return IpReason;
        }

        if (value.EndsWith('.'))
        {
            return "ends with a dot; leave the dot out";
        }

        var lower = value.ToLowerInvariant().Normalize();
        var reason = CheckHostName(lower);
        if (reason is not null)
        {
            return reason;
        }

        normalized = lower;
        return null;
    }

    /// <summary>RFC 1035/1123 host name rules, applied to the ASCII (punycode) form so that
    /// internationalized names are accepted the way DNS and certificates will see them.</summary>
    private static string? CheckHostName(string lower)
    {
        string ascii;
        try
        {
            ascii = new IdnMapping { UseStd3AsciiRules = true }.GetAscii(lower);
        }
        catch (ArgumentException)
        {
            return "is not a valid domain name";
        }

        if (ascii.Length > 253)
        {
            return "is longer than the 253 characters DNS allows";
        }

        var labels = ascii.Split('.');
        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63)
            {
                return "has an empty or over-long (more than 63 characters) part between dots";
            }

            if (!label.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') || label[0] == '-' || label[^1] == '-')
            {
                return "is not a valid domain name (letters, digits and inner hyphens only, parts separated by dots)";
            }
        }

        if (labels.Length == 1 && !string.Equals(ascii, "localhost", StringComparison.Ordinal))
        {
            return "has no dot; a full domain name is needed (only localhost may stand alone, for local testing)";
        }

        if (labels[^1].All(char.IsAsciiDigit))
        {
            return "ends in a number, so it is not a domain name";
        }

        return null;
    }

    private static string? CheckEmail(string value, out string? normalized)
    {
        normalized = null;
        if (value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            return "starts with mailto:; give the address only";
        }

        var at = value.LastIndexOf('@');
        if (at < 0)
        {
            return "has no @";
        }

        var local = value[..at];
        var domain = value[(at + 1)..];
        if (local.Length is 0 or > 64 || local.Any(c => char.IsWhiteSpace(c) || "<>()[],;:\\\"@".Contains(c, StringComparison.Ordinal))
            || local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal))
        {
            return "is not a valid email address (the part before @ is empty or has characters mail systems reject)";
        }

        var lowerDomain = domain.ToLowerInvariant().Normalize();
        if (lowerDomain.Length == 0 || lowerDomain.Any(char.IsWhiteSpace) || CheckHostName(lowerDomain) is not null)
        {
            return "is not a valid email address (the part after @ is not a domain name)";
        }

        normalized = local + "@" + lowerDomain;
        return null;
    }

    private static string? CheckInteger(SnikketSetting setting, string value, out string? normalized)
    {
        normalized = null;
        if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return "is not a whole number";
        }

        if (number < setting.Min || number > setting.Max)
        {
            return "is out of range";
        }

        normalized = number.ToString(CultureInfo.InvariantCulture);
        return null;
    }

    private static string? CheckChoice(SnikketSetting setting, string value, out string? normalized)
    {
        normalized = setting.AllowedValues.FirstOrDefault(v => string.Equals(v, value, StringComparison.OrdinalIgnoreCase));
        return normalized is null ? "is not one of the choices" : null;
    }

    private static string? CheckBoolean(string value, out string? normalized)
    {
        normalized = null;
        if (TrueWords.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            normalized = "true";
        }
        else if (FalseWords.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            normalized = "false";
        }

        return normalized is null ? "is not a yes/no value" : null;
    }

    private static string? CheckPath(string value, out string? normalized)
    {
        normalized = null;
        if (value.StartsWith('~'))
        {
            // Nothing expands ~ in an env file; the server would look for a directory named "~".
            return "starts with ~, which is not expanded here; write the full path";
        }

        if (value.Length > 4096 || value.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return "is not a usable path";
        }

        normalized = value;
        return null;
    }

    private static string? CheckUrl(SnikketSetting setting, string value, out string? normalized)
    {
        normalized = null;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || value.Any(char.IsWhiteSpace))
        {
            return "is not an absolute URL";
        }

        if (!setting.AllowedValues.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            return $"has the scheme {uri.Scheme}:";
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            return "has no host name";
        }

        normalized = value;
        return null;
    }

    private static string? CheckIp(string value, out string? normalized)
    {
        normalized = TryParseIp(value, out var address) ? address.ToString() : null;
        return normalized is null ? "is not an IP address" : null;
    }

    private static string? CheckIpList(SnikketSetting setting, string value, out string? normalized)
    {
        normalized = null;
        if (string.Equals(value, "*", StringComparison.Ordinal))
        {
            if (!setting.AllowAnyInterface)
            {
                return "is *, which is not allowed here";
            }

            normalized = "*";
            return null;
        }

        var parts = value.Split(',', StringSplitOptions.TrimEntries);
        var addresses = new List<string>();
        foreach (var part in parts)
        {
            if (string.Equals(part, "*", StringComparison.Ordinal))
            {
                return setting.AllowAnyInterface ? "mixes * with addresses; * must stand alone" : "contains *, which is not allowed here";
            }

            if (!TryParseIp(part, out var address))
            {
                return part.Length == 0 ? "has an empty entry" : $"has \"{part}\", which is not an IP address";
            }

            addresses.Add(address.ToString());
        }

        normalized = string.Join(",", addresses.Distinct(StringComparer.Ordinal));
        return null;
    }

    /// <summary>
    /// Parses an IP address strictly: <see cref="IPAddress.TryParse(string, out IPAddress)"/> also
    /// accepts legacy forms such as <c>10.1</c> or <c>1</c>, which are almost always typos here.
    /// </summary>
    public static bool TryParseIp(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (!IPAddress.TryParse(text, out var parsed))
        {
            return false;
        }

        if (parsed.AddressFamily == AddressFamily.InterNetwork)
        {
            var parts = text.Split('.');
            if (parts.Length != 4 || parts.Any(p => p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit)))
            {
                return false;
            }
        }

        address = parsed;
        return true;
    }

    private static string? CheckSize(SnikketSetting setting, string value, out string? normalized)
    {
        normalized = null;
        if (!double.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var size)
            || !double.IsFinite(size))
        {
            if (value.Length > 0 && char.IsAsciiDigit(value[0]) && value.Any(char.IsLetter))
            {
                return "is not a plain number; write the number of gigabytes without a unit";
            }

            return value.Contains(',', StringComparison.Ordinal)
                ? "is not a number (use a dot as decimal separator)"
                : "is not a number";
        }

        if (size < setting.Min || size > setting.Max)
        {
            return size < 0 ? "is negative" : "is out of range";
        }

        normalized = size.ToString("R", CultureInfo.InvariantCulture);
        return null;
    }

    private static string? CheckPostgres(string value, out string? normalized)
    {
        normalized = null;
        var reason = PostgresUrl.TryParse(value, out _);
        if (reason is not null)
        {
            return reason;
        }

        normalized = value;
        return null;
    }
}
