using System.Text;

namespace Snikket.Configuration;

/// <summary>
/// Reads and writes env files (<c>snikket.conf</c>) in the syntax of docker compose v2's
/// <c>env_file</c>, since that is what hands the file to the containers:
/// <list type="bullet">
/// <item><c>KEY=value</c> per line; blank lines and lines starting with <c>#</c> are ignored;
/// leading indentation is allowed; LF or CRLF line ends; a UTF-8 BOM is skipped.</item>
/// <item>Unquoted values lose trailing blanks, and a <c>#</c> preceded by a space or tab starts a comment
/// (<c>KEY=a #note</c> gives <c>a</c>, <c>KEY=a#b</c> gives <c>a#b</c>). docker-compose 1.x
/// kept such comments as part of the value; quote a value that must contain <c> #</c>.</item>
/// <item><c>'single'</c> quotes are literal (<c>\'</c> is a quote); <c>"double"</c> quotes understand
/// <c>\n \r \t \\ \"</c>. Only whitespace and a <c>#</c> comment may follow the closing quote.
/// A value must end on the line it starts.</item>
/// </list>
/// Stricter than compose, and reported as problems rather than guessed at: a <c>$</c> outside
/// single quotes (compose would substitute a variable, so the program would see a different
/// value than the file shows), an <c>export </c> prefix (shell syntax that <c>docker run
/// --env-file</c> and compose 1.x take as part of the key), spaces around <c>=</c> (compose v2
/// trims them, <c>docker run --env-file</c> keeps them in the key or value), a line
/// without <c>=</c>, a key that is not a valid variable name, a duplicate key, a file over
/// 64 KiB or a line over 4 KiB.
/// </summary>
public static class EnvFile
{
    /// <summary>Largest file accepted, in bytes of UTF-8: a real snikket.conf is a few KiB.</summary>
    public const int MaxFileBytes = 64 * 1024;

    /// <summary>Longest line accepted, in characters.</summary>
    public const int MaxLineLength = 4 * 1024;

    /// <summary>Parses <paramref name="text"/> into its entries, in file order.</summary>
    /// <exception cref="SnikketConfigException">The text has one or more problems (all are reported).</exception>
    public static IReadOnlyList<EnvFileEntry> Parse(string text)
    {
        var problems = new List<ConfigProblem>();
        var entries = Parse(text, "", problems);
        return problems.Count > 0 ? throw new SnikketConfigException(problems) : entries;
    }

    /// <summary>Parses, adding problems to <paramref name="problems"/> instead of throwing; lines
    /// with problems are left out of the result. <paramref name="source"/> names the file in
    /// locations ("snikket.conf line 4"); empty gives "line 4".</summary>
    internal static List<EnvFileEntry> Parse(string text, string source, List<ConfigProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new List<EnvFileEntry>();
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        if (Encoding.UTF8.GetByteCount(text) > MaxFileBytes)
        {
            problems.Add(new ConfigProblem("file", null, $"is larger than {MaxFileBytes / 1024} KiB; is this really the configuration file?")
            {
                Location = source.Length == 0 ? "file" : source,
            });
            return entries;
        }

        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = lines[i].EndsWith('\r') ? lines[i][..^1] : lines[i];
            var location = source.Length == 0 ? $"line {number}" : $"{source} line {number}";
            var reason = ParseLine(line, out var key, out var value);
            if (reason is not null)
            {
                problems.Add(new ConfigProblem($"line {number}", null, reason) { Location = location, Line = number });
                continue;
            }

            if (key is null)
            {
                continue;
            }

            if (firstLine.TryGetValue(key, out var earlier))
            {
                problems.Add(new ConfigProblem(key, null, $"is set again (first set on line {earlier}); keep one of the two lines")
                {
                    Location = location, Line = number,
                });
                continue;
            }

            firstLine[key] = number;
            entries.Add(new EnvFileEntry(number, key, value!));
        }

        return entries;
    }

    /// <summary>
    /// Renders entries as env file lines. Values that compose would read differently unquoted
    /// (spaces at the ends, <c>#</c>, quotes, <c>$</c>, backslashes…) are single-quoted; a value
    /// containing a single quote is double-quoted instead.
    /// </summary>
    /// <exception cref="ArgumentException">A key is not a valid name, or a value holds a line
    /// break or another control character, or cannot be quoted for every env-file reader
    /// (it contains both <c>'</c> and one of <c>" $ \</c>).</exception>
    public static string Write(IEnumerable<(string Key, string Value)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var text = new StringBuilder();
        foreach (var (key, value) in entries)
        {
            if (!IsValidKey(key))
            {
                throw new ArgumentException($"\"{key}\" is not a valid environment variable name.", nameof(entries));
            }

            if (value.Any(char.IsControl))
            {
                throw new ArgumentException($"The value of {key} contains a line break or control character.", nameof(entries));
            }

            text.Append(key).Append('=').Append(Quote(key, value)).Append('\n');
        }

        return text.ToString();
    }

    private static string Quote(string key, string value)
    {
        if (value.All(IsPlain))
        {
            return value;
        }

        if (!value.Contains('\'', StringComparison.Ordinal))
        {
            return "'" + value + "'";
        }

        if (value.IndexOfAny(['"', '$', '\\']) >= 0)
        {
            throw new ArgumentException($"The value of {key} mixes ' with \", $ or \\ and cannot be written portably.", nameof(key));
        }

        return "\"" + value + "\"";
    }

    // Characters every env-file reader (docker run, compose 1.x and 2.x) takes literally unquoted.
    private static bool IsPlain(char c) => char.IsAsciiLetterOrDigit(c) || "_-.,:/@%+=".Contains(c, StringComparison.Ordinal);

    private static bool IsValidKey(string key) =>
        key.Length > 0 && (char.IsAsciiLetter(key[0]) || key[0] == '_') && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>Parses one line. Returns null and key = null for a blank or comment line, null and
    /// the key/value for an entry, or the reason the line is unusable.</summary>
    private static string? ParseLine(string line, out string? key, out string? value)
    {
        key = null;
        value = null;
        if (line.Length > MaxLineLength)
        {
            return $"is longer than {MaxLineLength} characters";
        }

        var content = line.TrimStart(' ', '\t');
        if (content.Length == 0 || content[0] == '#')
        {
            return null;
        }

        if (content.StartsWith("export ", StringComparison.Ordinal) || content.StartsWith("export\t", StringComparison.Ordinal))
        {
            return "starts with \"export\", which is shell syntax; env files take plain KEY=value lines, so remove \"export \"";
        }

        var equals = content.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            // The line itself is not echoed: a stray line may be a pasted password.
            return "is not a KEY=value line (to disable a setting, start the line with #)";
        }

        var name = content[..equals];
        if (name.Length > 0 && (name[^1] == ' ' || name[^1] == '\t' || content.AsSpan(equals + 1).StartsWith(" ")))
        {
            return $"has spaces around \"=\" after {name.TrimEnd()}; write KEY=value without spaces";
        }

        if (!IsValidKey(name))
        {
            return $"\"{Shorten(name)}\" is not a valid key (letters, digits and _ only, not starting with a digit)";
        }

        var reason = ParseValue(content[(equals + 1)..], out value);
        if (reason is not null)
        {
            return $"{name}: the value {reason}";
        }

        key = name;
        return null;
    }

    private static string? ParseValue(string raw, out string? value)
    {
        value = null;
        var text = raw.TrimStart(' ', '\t');
        if (text.Length == 0)
        {
            value = "";
            return null;
        }

        if (text[0] is '"' or '\'')
        {
            return ParseQuoted(text, out value);
        }

        // docker compose v2: " #" (whitespace then #) starts a comment in an unquoted value.
        var end = text.Length;
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] == '#' && (text[i - 1] == ' ' || text[i - 1] == '\t'))
            {
                end = i;
                break;
            }
        }

        var unquoted = text[..end].TrimEnd(' ', '\t');
        if (unquoted.Contains('$', StringComparison.Ordinal))
        {
            return "contains $, which docker compose treats as a variable reference; put the value in 'single quotes'";
        }

        value = unquoted;
        return null;
    }

    private static string? ParseQuoted(string text, out string? value)
    {
        value = null;
        var quote = text[0];
        var result = new StringBuilder();
        var i = 1;
        var closed = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == quote)
            {
                closed = true;
                i++;
                break;
            }

            if (c == '\\' && i + 1 < text.Length)
            {
                var next = text[i + 1];
                if (quote == '\'' && next == '\'')
                {
                    result.Append('\'');
                    i++;
                    continue;
                }

                if (quote == '"')
                {
                    char? escaped = next switch
                    {
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        '\\' => '\\',
                        '"' => '"',
                        _ => null,
                    };
                    if (escaped is not null)
                    {
                        result.Append(escaped.Value);
                        i++;
                        continue;
                    }
                }
            }

            if (quote == '"' && c == '$')
            {
                return "contains $, which docker compose treats as a variable reference inside double quotes; use 'single quotes'";
            }

            result.Append(c);
        }

        if (!closed)
        {
            return $"has no closing {quote} (a value must end on its own line)";
        }

        var rest = text[i..].TrimStart(' ', '\t');
        if (rest.Length > 0 && rest[0] != '#')
        {
            return $"has text after the closing {quote}";
        }

        if (rest.Length > 0 && i < text.Length && text[i] == '#')
        {
            // Compose versions disagree on this form; a space before the # removes the doubt.
            return $"has # straight after the closing {quote}; put a space before the comment";
        }

        value = result.ToString();
        return null;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
