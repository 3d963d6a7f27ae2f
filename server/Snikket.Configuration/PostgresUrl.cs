using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Snikket.Configuration;

/// <summary>
/// A parsed <c>postgres://user:password@host:port/database?sslmode=…</c> URL (the libpq URI form
/// that hosting panels and managed databases hand out), turned into the keyword connection
/// string Npgsql expects. User name and password are percent-decoded, so a password containing
/// <c>@</c>, <c>:</c> or <c>/</c> is written <c>%40</c>, <c>%3A</c>, <c>%2F</c>. As in libpq, a host
/// that percent-decodes to an absolute path is the directory of the server's unix socket
/// (<c>postgresql://snikket@%2Fvar%2Frun%2Fpostgresql/snikket</c>): the compose bundle's database
/// listens on nothing else.
/// </summary>
internal sealed partial record PostgresUrl(string Host, int Port, string? Username, string? Password, string Database, string? SslMode)
{
    public const int DefaultPort = 5432;

    private static readonly string[] SslModes = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];

    /// <summary>Parses <paramref name="text"/>; returns null on success, else why it is not usable
    /// (never quoting the password).</summary>
    public static string? TryParse(string text, out PostgresUrl? url)
    {
        url = null;
        string rest;
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
        {
            rest = text["postgres://".Length..];
        }
        else if (text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            rest = text["postgresql://".Length..];
        }
        else
        {
            return "is not a postgres:// or postgresql:// URL";
        }

        string? query = null;
        var questionMark = rest.IndexOf('?', StringComparison.Ordinal);
        if (questionMark >= 0)
        {
            query = rest[(questionMark + 1)..];
            rest = rest[..questionMark];
        }

        // The last @ ends the user information, so an unencoded @ in a password still works.
        string? username = null;
        string? password = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = rest[..at];
            rest = rest[(at + 1)..];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            var rawUser = colon >= 0 ? userInfo[..colon] : userInfo;
            var rawPassword = colon >= 0 ? userInfo[(colon + 1)..] : null;
            if (!TryUnescape(rawUser, out username) || (rawPassword is not null && !TryUnescape(rawPassword, out password)))
            {
                return "has a malformed %-escape in the user name or password";
            }

            username = username?.Length == 0 ? null : username;
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash >= 0 ? rest[..slash] : rest;
        var path = slash >= 0 ? rest[(slash + 1)..] : "";

        var reason = SplitHostPort(authority, out var host, out var port);
        if (reason is not null)
        {
            return reason;
        }

        if (!TryUnescape(path, out var database) || database.Length == 0 || database.Contains('/', StringComparison.Ordinal))
        {
            return "names no database; add it after the host, e.g. …@db:5432/snikket";
        }

        string? sslMode = null;
        if (!string.IsNullOrEmpty(query))
        {
            foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var name = equals >= 0 ? pair[..equals] : pair;
                var value = equals >= 0 ? pair[(equals + 1)..] : "";
                if (!string.Equals(name, "sslmode", StringComparison.OrdinalIgnoreCase))
                {
                    return $"has the query parameter \"{name}\"; only sslmode is understood";
                }

                sslMode = SslModes.FirstOrDefault(m => string.Equals(m, value, StringComparison.OrdinalIgnoreCase));
                if (sslMode is null)
                {
                    return $"has sslmode={value}; use one of {string.Join(", ", SslModes)}";
                }
            }
        }

        url = new PostgresUrl(host!, port, username, password, database, sslMode);
        return null;
    }

    /// <summary>The Npgsql keyword form: <c>Host=…;Port=…;Username=…;Password=…;Database=…</c>,
    /// quoting values that contain separators.</summary>
    public string ToConnectionString()
    {
        var builder = new DbConnectionStringBuilder();
        builder.Add("Host", Host);
        builder.Add("Port", Port.ToString(CultureInfo.InvariantCulture));
        if (Username is not null)
        {
            builder.Add("Username", Username);
        }

        if (Password is not null)
        {
            builder.Add("Password", Password);
        }

        builder.Add("Database", Database);
        if (SslMode is not null)
        {
            // Npgsql's enum names are PascalCase without hyphens: VerifyCA, VerifyFull, Require…
            builder.Add("SSL Mode", SslMode switch
            {
                "verify-ca" => "VerifyCA",
                "verify-full" => "VerifyFull",
                _ => char.ToUpperInvariant(SslMode[0]) + SslMode[1..],
            });
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// Hides the password of any URL-like value (<c>scheme://user:***@host</c>, and
    /// <c>password=***</c> in a query); a value that is not URL-like is hidden entirely, since
    /// we cannot tell which part of it is secret.
    /// </summary>
    public static string Mask(string value)
    {
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return "***";
        }

        var start = scheme + 3;
        var queryStart = value.IndexOf('?', start);
        var searchEnd = queryStart >= 0 ? queryStart : value.Length;
        var at = value.LastIndexOf('@', searchEnd - 1, searchEnd - start);
        var masked = value;
        if (at > start)
        {
            var colon = value.IndexOf(':', start, at - start);
            if (colon >= 0)
            {
                masked = value[..(colon + 1)] + "***" + value[at..];
            }
        }

        return PasswordParameter().Replace(masked, "$1***");
    }

    private static string? SplitHostPort(string authority, out string? host, out int port)
    {
        host = null;
        port = DefaultPort;
        string? portText = null;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return "has an unclosed [ in the host";
            }

            host = authority[1..close];
            var after = authority[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    return "has text after the ] of the host";
                }

                portText = after[1..];
            }
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon >= 0 ? authority[..colon] : authority;
            portText = colon >= 0 ? authority[(colon + 1)..] : null;
        }

        if (string.IsNullOrEmpty(host) || host.Contains(',', StringComparison.Ordinal))
        {
            return string.IsNullOrEmpty(host) ? "has no host" : "lists several hosts; give one";
        }

        if (host.Contains('%', StringComparison.Ordinal))
        {
            if (!TryUnescape(host, out var decoded) || !decoded.StartsWith('/'))
            {
                return "has a %-escaped host that is not a socket directory; write a socket directory as %2Fvar%2Frun%2Fpostgresql";
            }

            host = decoded;
        }

        if (portText is not null
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            return "has a port that is not a number from 1 to 65535";
        }

        return null;
    }

    private static bool TryUnescape(string text, out string result)
    {
        result = text;
        for (var i = text.IndexOf('%', StringComparison.Ordinal); i >= 0; i = text.IndexOf('%', i + 1))
        {
            if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
            {
                return false;
            }
        }

        result = Uri.UnescapeDataString(text);
        return true;
    }

    [GeneratedRegex("(?i)(password=)[^&;]*")]
    private static partial Regex PasswordParameter();
}
