using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Snikket.Xmpp;

/// <summary>
/// Serialises <see cref="Element"/> trees to UTF-8. The output is always re-generated from the
/// tree with strict escaping, never copied from input bytes, so a stanza cannot smuggle markup
/// past the parser (the "stanza smuggling" class of bugs, see reference/security.md §1.2).
/// </summary>
/// <remarks>
/// Rules: an <c>xmlns='…'</c> is written when an element's namespace differs from the default
/// namespace in scope; elements in <see cref="Ns.Streams"/> are written as <c>stream:name</c>
/// relying on the stream header's <c>xmlns:stream</c> declaration; attributes in
/// <see cref="Ns.Xml"/> use the predeclared <c>xml:</c> prefix and other qualified attributes get
/// a prefix declared on the same element. Attribute values are single-quoted.
/// </remarks>
public static class StanzaWriter
{
    // Text: '&' and '<' must be escaped (XML 1.0 §2.4); '>' too, so "]]>" never appears; CR because a
    // literal CR would be normalised to LF when read back (§2.11).
    private static readonly SearchValues<char> s_textSpecials = SearchValues.Create("&<>\r");

    // Attribute values: the quote char, '&', '<', and the white space that attribute-value
    // normalisation (XML 1.0 §3.3.3) would turn into spaces.
    private static readonly SearchValues<char> s_attributeSpecials = SearchValues.Create("&<'\t\n\r");

    /// <summary>Writes <paramref name="element"/> and its descendants as UTF-8.</summary>
    /// <param name="element">The element to write.</param>
    /// <param name="output">Where the bytes go (e.g. a <c>PipeWriter</c>).</param>
    /// <param name="parentNamespace">
    /// The default namespace in scope where the element is written: the stream's content
    /// namespace (<see cref="Ns.Client"/>) for a stanza, or <c>""</c> for a stand-alone element.
    /// </param>
    public static void Write(Element element, IBufferWriter<byte> output, string parentNamespace)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(parentNamespace);

        // Recursion depth equals tree depth, which the parser bounds (XmlLimits.MaxDepth) and
        // server code builds shallow.
        WriteElement(element, output, parentNamespace);
    }

    /// <summary>Serialises <paramref name="element"/> to a string (diagnostics, tests).</summary>
    public static string ToXml(Element element, string parentNamespace = "")
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(element, buffer, parentNamespace);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteElement(Element element, IBufferWriter<byte> output, string defaultNamespace)
    {
        var ns = element.Namespace;
        var prefix = FixedPrefix(ns);
        output.Write("<"u8);
        if (prefix is not null)
        {
            WriteUtf8(output, prefix);
            output.Write(":"u8);
        }

        WriteUtf8(output, element.Name);

        var childNamespace = defaultNamespace;
        if (prefix is null && !string.Equals(ns, defaultNamespace, StringComparison.Ordinal))
        {
            output.Write(" xmlns='"u8);
            WriteAttributeValue(output, ns);
            output.Write("'"u8);
            childNamespace = ns;
        }

        WriteAttributes(element.Attributes, output);

        var nodes = element.Nodes;
        if (nodes.Count == 0)
        {
            output.Write("/>"u8);
            return;
        }

        output.Write(">"u8);

        // Indexed loops: foreach over IReadOnlyList would allocate an enumerator per element.
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            if (node is Element child)
            {
                WriteElement(child, output, childNamespace);
            }
            else
            {
                WriteText(output, ((TextNode)node).Value);
            }
        }

        output.Write("</"u8);
        if (prefix is not null)
        {
            WriteUtf8(output, prefix);
            output.Write(":"u8);
        }

        WriteUtf8(output, element.Name);
        output.Write(">"u8);
    }

    private static string? FixedPrefix(string ns) => ns switch
    {
        Ns.Streams => "stream",
        Ns.Xml => "xml",
        _ => null,
    };

    private static void WriteAttributes(IReadOnlyList<XmlAttribute> attributes, IBufferWriter<byte> output)
    {
        List<string>? declared = null;
        for (var i = 0; i < attributes.Count; i++)
        {
            var attribute = attributes[i];
            output.Write(" "u8);
            if (attribute.Namespace.Length > 0)
            {
                if (string.Equals(attribute.Namespace, Ns.Xml, StringComparison.Ordinal))
                {
                    output.Write("xml:"u8);
                }
                else
                {
                    // Other qualified attributes are rare (XEP-0131-style extensions); declare a
                    // prefix per namespace on this element, no scope tracking needed.
                    declared ??= [];
                    var index = declared.IndexOf(attribute.Namespace);
                    if (index < 0)
                    {
                        index = declared.Count;
                        declared.Add(attribute.Namespace);
                        output.Write("xmlns:ns"u8);
                        WriteInt(output, index);
                        output.Write("='"u8);
                        WriteAttributeValue(output, attribute.Namespace);
                        output.Write("' "u8);
                    }

                    output.Write("ns"u8);
                    WriteInt(output, index);
                    output.Write(":"u8);
                }
            }

            WriteUtf8(output, attribute.Name);
            output.Write("='"u8);
            WriteAttributeValue(output, attribute.Value);
            output.Write("'"u8);
        }
    }

    private static void WriteInt(IBufferWriter<byte> output, int value)
    {
        var span = output.GetSpan(11);
        value.TryFormat(span, out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    private static void WriteText(IBufferWriter<byte> output, string text) =>
        WriteEscaped(output, text, s_textSpecials);

    private static void WriteAttributeValue(IBufferWriter<byte> output, string value) =>
        WriteEscaped(output, value, s_attributeSpecials);

    /// <summary>Writes <paramref name="value"/>, replacing each character of <paramref name="specials"/> by its reference.</summary>
    private static void WriteEscaped(IBufferWriter<byte> output, string value, SearchValues<char> specials)
    {
        var rest = value.AsSpan();
        while (true)
        {
            var i = rest.IndexOfAny(specials);
            if (i < 0)
            {
                WriteUtf8(output, rest);
                return;
            }

            WriteUtf8(output, rest[..i]);
            output.Write(rest[i] switch
            {
                '&' => "&amp;"u8,
                '<' => "&lt;"u8,
                '>' => "&gt;"u8,
                '\'' => "&apos;"u8,
                '\t' => "&#9;"u8,
                '\n' => "&#10;"u8,
                _ => "&#13;"u8,
            });
            rest = rest[(i + 1)..];
        }
    }

    private static void WriteUtf8(IBufferWriter<byte> output, ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            // At least 4 bytes so that any one character fits and the loop always progresses.
            var destination = output.GetSpan(Math.Clamp(text.Length * 3, 4, 4096));
            var status = Utf8.FromUtf16(text, destination, out var read, out var written, replaceInvalidSequences: false);
            output.Advance(written);
            text = text[read..];
            if (status == OperationStatus.InvalidData)
            {
                // Element and TextNode reject such strings on construction; reaching this is a bug.
                throw new InvalidOperationException("A lone surrogate cannot be written as UTF-8.");
            }
        }
    }
}
