using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Snikket.Xmpp;

namespace Snikket.Server.IntegrationTests.Scenarios;

/// <summary>
/// The XML blocks of scenario scripts: read into <see cref="Element"/> trees (stanzas default to
/// <c>jabber:client</c>, the <c>scansion:</c> prefix is predeclared for matching directives), and
/// <c>${…}</c> variables replaced.
/// </summary>
internal static partial class ScenarioXml
{
    /// <summary>
    /// Our namespace for the <c>scansion:</c> prefix (scansion scripts use the prefix without
    /// declaring it). Attributes in it are instructions to the matcher, never compared.
    /// </summary>
    public const string ScansionNs = "urn:snikket:test:scansion";

    private const string WrapperName = "scenario-block";

    /// <summary>Reads the stanzas of one block: zero or more top-level elements, white space between them.</summary>
    /// <exception cref="XmlException">The block is not well-formed (line numbers are relative to the block).</exception>
    public static IReadOnlyList<Element> Parse(string xml)
    {
        // The wrapper's start tag stays on the block's first line, so the reader's line numbers are
        // the block's own.
        var wrapped = $"<{WrapperName} xmlns='{Ns.Client}' xmlns:scansion='{ScansionNs}'>{xml}</{WrapperName}>";
        var root = XElement.Parse(wrapped, LoadOptions.SetLineInfo);
        var stanzas = new List<Element>();
        foreach (var node in root.Nodes())
        {
            switch (node)
            {
                case XElement element:
                    stanzas.Add(Convert(element));
                    break;
                case XText text when !string.IsNullOrWhiteSpace(text.Value):
                    var info = (IXmlLineInfo)text;
                    throw new XmlException($"text outside a stanza: \"{text.Value.Trim()}\"", null, info.LineNumber, info.LinePosition);
                default:
                    break;
            }
        }

        return stanzas;
    }

    /// <summary>The <c>${…}</c> references in a block, in order.</summary>
    public static IEnumerable<(string Name, int Offset)> Variables(string text) =>
        VariablePattern().Matches(text).Select(m => (m.Groups[1].Value, m.Index));

    /// <summary>
    /// Replaces every <c>${name}</c> by <paramref name="resolve"/>'s answer, escaped for XML (a JID may
    /// hold characters such as <c>&amp;</c> or <c>'</c>).
    /// </summary>
    public static string Substitute(string text, Func<string, string> resolve) =>
        VariablePattern().Replace(text, m => Escape(resolve(m.Groups[1].Value)));

    /// <summary>Whether a variable names a client's JID: <c>Name's full JID</c>, <c>Name's JID</c> or <c>Name's bare JID</c>.</summary>
    public static bool TryParseJidVariable(string variable, out string client, out bool full)
    {
        var match = JidVariablePattern().Match(variable);
        client = match.Success ? match.Groups[1].Value : "";
        full = match.Success && match.Groups[2].Value == "full JID";
        return match.Success;
    }

    /// <summary>Escapes text for use in an attribute value or character data.</summary>
    public static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '\'' => "&apos;",
                '"' => "&quot;",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    private static Element Convert(XElement source)
    {
        var element = new Element(source.Name.LocalName, source.Name.NamespaceName);
        foreach (var attribute in source.Attributes())
        {
            if (!attribute.IsNamespaceDeclaration)
            {
                element.SetAttribute(attribute.Name.LocalName, attribute.Name.NamespaceName, attribute.Value);
            }
        }

        foreach (var node in source.Nodes())
        {
            // Comments and processing instructions are notes to the reader: not sent, not matched.
            if (node is XElement child)
            {
                element.Add(Convert(child));
            }
            else if (node is XText text)
            {
                element.AddText(text.Value);
            }
        }

        return element;
    }

    [GeneratedRegex(@"\$\{([^}]*)\}")]
    private static partial Regex VariablePattern();

    [GeneratedRegex(@"^(.+)'s (full JID|bare JID|JID)$")]
    private static partial Regex JidVariablePattern();
}
