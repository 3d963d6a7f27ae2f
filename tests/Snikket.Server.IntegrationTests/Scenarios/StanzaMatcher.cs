using Snikket.Xmpp;

namespace Snikket.Server.IntegrationTests.Scenarios;

/// <summary>
/// Tolerant comparison of an expected stanza (from a script) with a received one, the way scansion
/// compares: the received element must have the expected name and namespace, every expected
/// attribute with an equal value, the expected text (trimmed; no expected text means any), and for
/// every expected child a distinct matching child, in any order. Extra attributes and children are
/// allowed unless <c>scansion:strict='true'</c> is set on the element (inherited by descendants
/// until one says <c>'false'</c>); then nothing extra is allowed and empty text must be empty.
/// A value (attribute or text) of <c>{scansion:any}</c> matches anything present;
/// <c>{scansion:capture:name}</c> matches anything the first time and remembers it, and must be
/// equal to it afterwards (the value can also be sent later as <c>${name}</c>).
/// </summary>
internal sealed class StanzaMatcher
{
    public const string Any = "{scansion:any}";
    private const string CapturePrefix = "{scansion:capture:";

    private readonly Dictionary<string, string> _captures = new(StringComparer.Ordinal);

    /// <summary>Values captured so far by <c>{scansion:capture:name}</c>.</summary>
    public IReadOnlyDictionary<string, string> Captures => _captures;

    /// <summary>Matches one expected stanza; <see langword="null"/> when it matches, otherwise why not.</summary>
    public string? Match(Element expected, Element actual) => MatchAll([expected], [actual]);

    /// <summary>
    /// Matches expected stanzas one-to-one with the same number of received ones, in any order.
    /// Captures are kept only when everything matches.
    /// </summary>
    public string? MatchAll(IReadOnlyList<Element> expected, IReadOnlyList<Element> actual)
    {
        if (expected.Count != actual.Count)
        {
            return $"expected {expected.Count} stanzas, received {actual.Count}";
        }

        var captures = new Dictionary<string, string>(_captures, StringComparer.Ordinal);
        var why = expected.Count == 1
            ? Compare(expected[0], actual[0], strict: false, captures, "")
            : MatchChildren(expected, actual, strict: false, captures, "");
        if (why is null)
        {
            foreach (var (name, value) in captures)
            {
                _captures[name] = value;
            }
        }

        return why;
    }

    private static string? Compare(Element expected, Element actual, bool strict, Dictionary<string, string> captures, string parentPath)
    {
        var path = parentPath + "/" + expected.Name;
        if (!expected.Is(actual.Name, actual.Namespace))
        {
            return $"{path}: expected <{expected.Name} xmlns='{expected.Namespace}'>, received <{actual.Name} xmlns='{actual.Namespace}'>";
        }

        strict = expected.GetAttribute("strict", ScenarioXml.ScansionNs) switch
        {
            "true" => true,
            "false" => false,
            _ => strict,
        };

        foreach (var attribute in expected.Attributes)
        {
            if (attribute.Namespace == ScenarioXml.ScansionNs)
            {
                continue;
            }

            var name = Qualified(attribute);
            var value = actual.GetAttribute(attribute.Name, attribute.Namespace);
            if (value is null)
            {
                return $"{path}: attribute {name} is missing (expected '{attribute.Value}')";
            }

            if (!ValueMatches(attribute.Value, value, captures))
            {
                return $"{path}: attribute {name} is '{value}', expected {Shown(attribute.Value, captures)}";
            }
        }

        if (strict)
        {
            foreach (var attribute in actual.Attributes)
            {
                if (expected.GetAttribute(attribute.Name, attribute.Namespace) is null)
                {
                    return $"{path}: unexpected attribute {Qualified(attribute)}='{attribute.Value}' (scansion:strict)";
                }
            }
        }

        var expectedText = expected.Text.Trim();
        var actualText = actual.Text.Trim();
        if ((expectedText.Length > 0 || strict) && !ValueMatches(expectedText, actualText, captures))
        {
            return $"{path}: text is '{actualText}', expected {Shown(expectedText, captures)}";
        }

        return MatchChildren([.. expected.Elements()], [.. actual.Elements()], strict, captures, path);
    }

    /// <summary>
    /// One-to-one, order-insensitive: which expected child can match which received child is
    /// decided pair by pair, then a maximum bipartite matching (augmenting paths) assigns them,
    /// so a script listing three of thirty disco features costs thirty comparisons each, not a search.
    /// </summary>
    private static string? MatchChildren(IReadOnlyList<Element> expected, IReadOnlyList<Element> actual, bool strict, Dictionary<string, string> captures, string path)
    {
        if (strict && expected.Count != actual.Count)
        {
            return $"{(path.Length == 0 ? "/" : path)}: {actual.Count} child elements, expected exactly {expected.Count} (scansion:strict): "
                + string.Join(", ", actual.Select(a => "<" + a.Name + ">"));
        }

        var fits = new bool[expected.Count, actual.Count];
        for (var i = 0; i < expected.Count; i++)
        {
            string? firstReason = null;
            var sameName = 0;
            var any = false;
            for (var j = 0; j < actual.Count; j++)
            {
                var reason = Compare(expected[i], actual[j], strict, new Dictionary<string, string>(captures, StringComparer.Ordinal), path);
                fits[i, j] = reason is null;
                any |= reason is null;
                if (reason is not null && expected[i].Is(actual[j].Name, actual[j].Namespace))
                {
                    sameName++;
                    firstReason ??= reason;
                }
            }

            if (!any)
            {
                var here = $"{path}/{expected[i].Name}";
                return sameName switch
                {
                    0 => $"{here}: missing (no <{expected[i].Name} xmlns='{expected[i].Namespace}'> among "
                        + (actual.Count == 0 ? "no elements" : string.Join(", ", actual.Select(a => $"<{a.Name} xmlns='{a.Namespace}'>"))) + ")",
                    1 => firstReason,
                    _ => $"{here}: none of the {sameName} received <{expected[i].Name}> matches {StanzaWriter.ToXml(expected[i])}; the first differs: {firstReason}",
                };
            }
        }

        var assigned = new int[actual.Count];
        Array.Fill(assigned, -1);
        for (var i = 0; i < expected.Count; i++)
        {
            if (!Augment(i, fits, assigned, new bool[actual.Count]))
            {
                return $"{path}/{expected[i].Name}: every candidate is already taken by another expected sibling (children match one-to-one)";
            }
        }

        // Commit captures in the assigned pairs (a capture shared between siblings must agree).
        for (var j = 0; j < actual.Count; j++)
        {
            if (assigned[j] >= 0 && Compare(expected[assigned[j]], actual[j], strict, captures, path) is { } reason)
            {
                return reason;
            }
        }

        return null;
    }

    private static bool Augment(int i, bool[,] fits, int[] assigned, bool[] seen)
    {
        for (var j = 0; j < assigned.Length; j++)
        {
            if (!fits[i, j] || seen[j])
            {
                continue;
            }

            seen[j] = true;
            if (assigned[j] < 0 || Augment(assigned[j], fits, assigned, seen))
            {
                assigned[j] = i;
                return true;
            }
        }

        return false;
    }

    private static bool ValueMatches(string expected, string actual, Dictionary<string, string> captures)
    {
        if (expected == Any)
        {
            return true;
        }

        if (expected.StartsWith(CapturePrefix, StringComparison.Ordinal) && expected.EndsWith('}'))
        {
            var name = expected[CapturePrefix.Length..^1];
            if (captures.TryGetValue(name, out var captured))
            {
                return captured == actual;
            }

            captures[name] = actual;
            return true;
        }

        return expected == actual;
    }

    private static string Shown(string expected, Dictionary<string, string> captures) =>
        expected.StartsWith(CapturePrefix, StringComparison.Ordinal) && captures.TryGetValue(expected[CapturePrefix.Length..^1], out var value)
            ? $"'{value}' (captured as {expected})"
            : $"'{expected}'";

    private static string Qualified(XmlAttribute attribute) =>
        attribute.Namespace.Length == 0 ? attribute.Name : attribute.Namespace == Ns.Xml ? "xml:" + attribute.Name : $"{{{attribute.Namespace}}}{attribute.Name}";
}
