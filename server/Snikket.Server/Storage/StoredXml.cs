using System.Buffers;
using System.Text;
using Snikket.Xmpp;

namespace Snikket.Server.Storage;

/// <summary>
/// XML payloads that features keep as text (a vCard, private XML). Written by
/// <see cref="StanzaWriter"/> from a parsed element, so the text is always well-formed and
/// declares its own namespace; read back with the same parser the streams use.
/// </summary>
internal static class StoredXml
{
    /// <summary>The element as stand-alone XML text.</summary>
    public static string Serialize(Element element) => StanzaWriter.ToXml(element);

    /// <summary>The length that counts against storage limits: bytes of the UTF-8 text.</summary>
    public static int ByteCount(string xml) => Encoding.UTF8.GetByteCount(xml);

    /// <summary>Parses text written by <see cref="Serialize"/> back into an element.</summary>
    /// <exception cref="InvalidDataException">The text is not one complete element (the row was altered outside the server).</exception>
    public static Element Parse(string xml)
    {
        var bytes = Encoding.UTF8.GetBytes(xml);
        var parser = new XmlStreamParser(XmlLimits.Default with { MaxStanzaBytes = Math.Max(bytes.Length, 1) }, ParseMode.Fragments);
        var buffer = new ReadOnlySequence<byte>(bytes);
        try
        {
            if (parser.TryRead(ref buffer, out var evt) && evt.Element is { } element)
            {
                return element;
            }
        }
        catch (StreamErrorException e)
        {
            throw new InvalidDataException("Stored XML does not parse: " + e.Message, e);
        }

        throw new InvalidDataException("Stored XML is not one complete element.");
    }
}
