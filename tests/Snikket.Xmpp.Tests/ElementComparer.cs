namespace Snikket.Xmpp.Tests;

/// <summary>Deep equality of element trees, with adjacent text nodes merged (the parser always merges them).</summary>
internal static class ElementComparer
{
    public static bool DeepEquals(Element a, Element b) => Explain(a, b) is null;

    public static void AssertDeepEqual(Element expected, Element actual)
    {
        var difference = Explain(expected, actual);
        Assert.True(difference is null, difference + "\nexpected: " + expected + "\nactual:   " + actual);
    }

    public static string? Explain(Element a, Element b)
    {
        if (a.Name != b.Name || a.Namespace != b.Namespace)
        {
            return $"name {{{a.Namespace}}}{a.Name} vs {{{b.Namespace}}}{b.Name}";
        }

        if (!a.Attributes.SequenceEqual(b.Attributes))
        {
            return $"attributes of {a.Name}";
        }

        var left = Normalise(a);
        var right = Normalise(b);
        if (left.Count != right.Count)
        {
            return $"child count of {a.Name}: {left.Count} vs {right.Count}";
        }

        for (var i = 0; i < left.Count; i++)
        {
            switch (left[i], right[i])
            {
                case (string x, string y) when x == y:
                    continue;
                case (Element x, Element y):
                    var inner = Explain(x, y);
                    if (inner is not null)
                    {
                        return inner;
                    }

                    continue;
                default:
                    return $"child {i} of {a.Name}";
            }
        }

        return null;
    }

    private static List<object> Normalise(Element e)
    {
        var result = new List<object>();
        foreach (var node in e.Nodes)
        {
            if (node is TextNode text)
            {
                if (text.Value.Length == 0)
                {
                    continue;
                }

                if (result.Count > 0 && result[^1] is string previous)
                {
                    result[^1] = previous + text.Value;
                }
                else
                {
                    result.Add(text.Value);
                }
            }
            else
            {
                result.Add(node);
            }
        }

        return result;
    }
}
