using System.Buffers;
using Snikket.Xmpp;

namespace Snikket.Server.Storage;

/// <summary>
/// Stanzas kept in the database (archive, offline messages) as UTF-8 XML bytes, written by
/// <see cref="StanzaWriter"/> (so always well-formed and self-contained: the element declares its
/// namespace) and read back with the parser the streams use.
/// </summary>
internal static class StoredStanza
{
    /// <summary>The stanza as stand-alone UTF-8 XML.</summary>
    public static byte[] Serialize(Element stanza)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        StanzaWriter.Write(stanza, buffer, "");
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses bytes written by <see cref="Serialize"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not one complete element (the row was altered outside the server).</exception>
    public static Element Parse(byte[] xml)
    {
        var limits = XmlLimits.Default with { MaxStanzaBytes = Math.Max(xml.Length, XmlLimits.Default.MaxStanzaBytes) };
        var parser = new XmlStreamParser(limits, ParseMode.Fragments);
        var buffer = new ReadOnlySequence<byte>(xml);
        try
        {
            if (parser.TryRead(ref buffer, out var evt) && evt.Element is { } element)
            {
                return element;
            }
        }
        catch (StreamErrorException e)
        {
            throw new InvalidDataException("A stored stanza does not parse: " + e.Message, e);
        }

        throw new InvalidDataException("A stored stanza is not one complete element.");
    }
}
