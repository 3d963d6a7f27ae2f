using System.Xml;

namespace Snikket.Server.IntegrationTests.Scenarios;

/// <summary>
/// Reads scenario scripts in scansion's format: a <c># title</c> with description lines,
/// <c>[Client] Name</c> blocks of indented <c>key: value</c> lines, an optional <c>-----</c>
/// separator, then one action per line (<c>Name connects</c>, <c>Name disconnects</c>,
/// <c>Name sends:</c>, <c>Name receives:</c>, <c>Name receives: nothing</c>), sends and receives
/// followed by an indented XML block. Lines starting with <c>#</c> are comments. Every problem is
/// reported as <c>file:line: what</c>.
/// </summary>
internal static class ScenarioParser
{
    private const string CapturePrefix = "{scansion:capture:";

    private static readonly string[] ClientKeys = ["jid", "password", "resource"];

    /// <summary>Reads a script from disk; <paramref name="displayPath"/> is what messages show.</summary>
    public static Scenario ParseFile(string fullPath, string displayPath) => Parse(displayPath, File.ReadAllText(fullPath));

    /// <exception cref="ScenarioParseException">The script is malformed.</exception>
    public static Scenario Parse(string path, string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var clients = new List<ScenarioClient>();
        var steps = new List<ScenarioStep>();
        var (title, description, index) = ReadTitle(path, lines);
        var captures = new HashSet<string>(StringComparer.Ordinal);

        while (index < lines.Length)
        {
            var line = lines[index];
            var number = index + 1;
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#') || IsSeparator(trimmed))
            {
                index++;
                continue;
            }

            if (IsIndented(line))
            {
                throw new ScenarioParseException(path, number, $"indented line outside a [Client] block or an XML block: \"{trimmed}\"");
            }

            if (trimmed.StartsWith('['))
            {
                if (steps.Count > 0)
                {
                    throw new ScenarioParseException(path, number, "declare every [Client] before the first action");
                }

                var client = ReadClient(path, lines, ref index);
                if (clients.Any(c => c.Name == client.Name))
                {
                    throw new ScenarioParseException(path, number, $"client \"{client.Name}\" is declared twice");
                }

                clients.Add(client);
                continue;
            }

            index++;
            var step = ReadAction(path, number, trimmed, clients, lines, ref index);
            CheckXml(path, step, clients, captures);
            steps.Add(step);
        }

        if (steps.Count == 0)
        {
            throw new ScenarioParseException(path, lines.Length, "the script has no actions");
        }

        return new Scenario(path, title ?? Path.GetFileNameWithoutExtension(path), description, clients, steps);
    }

    private static (string? Title, string Description, int Next) ReadTitle(string path, string[] lines)
    {
        var index = 0;
        while (index < lines.Length && lines[index].Trim().Length == 0)
        {
            index++;
        }

        if (index == lines.Length || !lines[index].StartsWith('#'))
        {
            return (null, "", index);
        }

        var title = lines[index].TrimStart('#').Trim();
        if (title.Length == 0)
        {
            throw new ScenarioParseException(path, index + 1, "the title line is empty");
        }

        var description = new List<string>();
        index++;
        while (index < lines.Length && lines[index].StartsWith('#'))
        {
            description.Add(lines[index].TrimStart('#').Trim());
            index++;
        }

        return (title, string.Join('\n', description), index);
    }

    private static ScenarioClient ReadClient(string path, string[] lines, ref int index)
    {
        var number = index + 1;
        var header = lines[index].Trim();
        const string Tag = "[Client]";
        if (!header.StartsWith(Tag, StringComparison.Ordinal))
        {
            throw new ScenarioParseException(path, number, $"unknown block \"{header}\"; only [Client] Name is supported");
        }

        var name = header[Tag.Length..].Trim();
        if (name.Length == 0)
        {
            throw new ScenarioParseException(path, number, "[Client] needs a name, e.g. [Client] Romeo");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        index++;
        while (index < lines.Length && IsIndented(lines[index]))
        {
            var entry = lines[index].Trim();
            var entryLine = index + 1;
            index++;
            if (entry.Length == 0 || entry.StartsWith('#'))
            {
                continue;
            }

            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new ScenarioParseException(path, entryLine, $"expected \"key: value\" in the [Client] {name} block, got \"{entry}\"");
            }

            var key = entry[..colon].Trim();
            if (!ClientKeys.Contains(key))
            {
                throw new ScenarioParseException(path, entryLine, $"unknown key \"{key}\" for [Client] {name}; known: {string.Join(", ", ClientKeys)}");
            }

            if (!values.TryAdd(key, entry[(colon + 1)..].Trim()))
            {
                throw new ScenarioParseException(path, entryLine, $"\"{key}\" is given twice for [Client] {name}");
            }
        }

        if (!values.TryGetValue("jid", out var jid) || !values.TryGetValue("password", out var password))
        {
            throw new ScenarioParseException(path, number, $"[Client] {name} needs both jid: and password:");
        }

        var slash = jid.IndexOf('/', StringComparison.Ordinal);
        var bare = slash < 0 ? jid : jid[..slash];
        var at = bare.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == bare.Length - 1)
        {
            throw new ScenarioParseException(path, number, $"[Client] {name}: jid \"{jid}\" is not user@domain[/resource]");
        }

        var resource = values.GetValueOrDefault("resource") ?? (slash >= 0 ? jid[(slash + 1)..] : null);
        return new ScenarioClient(name, jid, password, resource is { Length: > 0 } ? resource : null, number);
    }

    private static ScenarioStep ReadAction(string path, int number, string action, List<ScenarioClient> clients, string[] lines, ref int index)
    {
        (string Suffix, ScenarioStepKind Kind)[] verbs =
        [
            (" receives: nothing", ScenarioStepKind.ReceiveNothing),
            (" receives:", ScenarioStepKind.Receive),
            (" sends:", ScenarioStepKind.Send),
            (" disconnects", ScenarioStepKind.Disconnect),
            (" connects", ScenarioStepKind.Connect),
        ];
        foreach (var (suffix, kind) in verbs)
        {
            if (!action.EndsWith(suffix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = action[..^suffix.Length].Trim();
            if (!clients.Any(c => c.Name == name))
            {
                var known = clients.Count == 0 ? "none declared" : "declared: " + string.Join(", ", clients.Select(c => c.Name));
                throw new ScenarioParseException(path, number, $"unknown client \"{name}\" ({known})");
            }

            if (kind is not (ScenarioStepKind.Send or ScenarioStepKind.Receive))
            {
                return new ScenarioStep(kind, name, number, "", number);
            }

            var (xml, xmlLine) = ReadBlock(lines, ref index);
            if (xml.Length == 0)
            {
                throw new ScenarioParseException(path, number, $"\"{action}\" must be followed by indented XML (or write \"{name} receives: nothing\")");
            }

            return new ScenarioStep(kind, name, number, xml, xmlLine);
        }

        throw new ScenarioParseException(path, number,
            $"cannot read \"{action}\"; expected \"Name connects\", \"Name disconnects\", \"Name sends:\", \"Name receives:\" or \"Name receives: nothing\"");
    }

    /// <summary>The indented lines after an action; blank lines inside the block belong to it, trailing ones do not.</summary>
    private static (string Xml, int Line) ReadBlock(string[] lines, ref int index)
    {
        var start = index;
        var end = index;
        while (index < lines.Length && (IsIndented(lines[index]) || lines[index].Trim().Length == 0))
        {
            if (lines[index].Trim().Length > 0)
            {
                end = index + 1;
            }

            index++;
        }

        index = end > start ? end : start;
        return (string.Join('\n', lines[start..end]), start + 1);
    }

    /// <summary>Checks the block is well-formed and every variable it uses can have a value by then.</summary>
    private static void CheckXml(string path, ScenarioStep step, List<ScenarioClient> clients, HashSet<string> captures)
    {
        if (step.Xml.Length == 0)
        {
            return;
        }

        foreach (var (variable, offset) in ScenarioXml.Variables(step.Xml))
        {
            var line = step.XmlLine + step.Xml.AsSpan(0, offset).Count('\n');
            if (ScenarioXml.TryParseJidVariable(variable, out var client, out _))
            {
                if (!clients.Any(c => c.Name == client))
                {
                    throw new ScenarioParseException(path, line, $"${{{variable}}} names no declared client \"{client}\"");
                }
            }
            else if (!captures.Contains(variable))
            {
                throw new ScenarioParseException(path, line,
                    $"unknown variable ${{{variable}}}: use ${{Name's full JID}}, ${{Name's JID}}, or a name captured earlier with {{scansion:capture:name}}");
            }
        }

        try
        {
            if (ScenarioXml.Parse(ScenarioXml.Substitute(step.Xml, _ => "placeholder")).Count == 0)
            {
                throw new ScenarioParseException(path, step.XmlLine, "the block holds no element");
            }
        }
        catch (XmlException e)
        {
            throw new ScenarioParseException(path, step.XmlLine + Math.Max(e.LineNumber, 1) - 1, "the XML is not well-formed: " + e.Message);
        }
        catch (ArgumentException e)
        {
            throw new ScenarioParseException(path, step.XmlLine, "the XML cannot be used as a stanza: " + e.Message);
        }

        if (step.Kind == ScenarioStepKind.Receive)
        {
            foreach (var name in CapturedNames(step.Xml))
            {
                captures.Add(name);
            }
        }
    }

    private static IEnumerable<string> CapturedNames(string xml)
    {
        var at = 0;
        while ((at = xml.IndexOf(CapturePrefix, at, StringComparison.Ordinal)) >= 0)
        {
            var start = at + CapturePrefix.Length;
            var end = xml.IndexOf('}', start);
            if (end < 0)
            {
                yield break;
            }

            yield return xml[start..end];
            at = end;
        }
    }

    private static bool IsIndented(string line) => line.Length > 0 && (line[0] == ' ' || line[0] == '\t');

    private static bool IsSeparator(string trimmed) => trimmed.Length >= 3 && trimmed.All(c => c == '-');
}
