using System.Buffers;
using System.Text;

namespace Snikket.Xmpp.Tests;

public sealed class StanzaWriterTests
{
    private const string StreamOpen = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";

    [Fact]
    public void Text_escapes_markup_characters_and_carriage_return()
    {
        var body = new Element("body", Ns.Client).AddText("a<b>&c]]>d\re\n\tf'\"");

        var xml = StanzaWriter.ToXml(body, Ns.Client);

        Assert.Equal("<body>a&lt;b&gt;&amp;c]]&gt;d&#13;e\n\tf'\"</body>", xml);
    }

    [Fact]
    public void Attribute_values_are_single_quoted_and_escape_quote_markup_and_whitespace()
    {
        var message = new Element("message", Ns.Client).SetAttribute("a", "x'y\"z<&>\t\n\r");

        var xml = StanzaWriter.ToXml(message, Ns.Client);

        Assert.Equal("<message a='x&apos;y\"z&lt;&amp;>&#9;&#10;&#13;'/>", xml);
    }

    [Fact]
    public void Escaped_text_and_attributes_round_trip_through_the_parser()
    {
        var original = new Element("message", Ns.Client)
            .SetAttribute("a", "x'y\"z<&>\t\n\r  end")
            .SetAttribute("lang", Ns.Xml, "en");
        original.AddElement("body", Ns.Client).AddText("a<b>&c]]>d\r\ne\n\tf'\" \u00e9\U0001F600");

        var reparsed = Reparse(original);

        ElementComparer.AssertDeepEqual(original, reparsed);
    }

    [Fact]
    public void Namespace_is_declared_only_where_it_changes()
    {
        var iq = new Element("iq", Ns.Client).SetAttribute("type", "result");
        var query = iq.AddElement("query", "jabber:iq:roster");
        query.AddElement("item", "jabber:iq:roster").SetAttribute("jid", "a@b");
        iq.AddElement("x", "");

        Assert.Equal(
            "<iq type='result'><query xmlns='jabber:iq:roster'><item jid='a@b'/></query><x xmlns=''/></iq>",
            StanzaWriter.ToXml(iq, Ns.Client));
        Assert.Equal(
            "<iq xmlns='jabber:client' type='result'><query xmlns='jabber:iq:roster'><item jid='a@b'/></query><x xmlns=''/></iq>",
            iq.ToString());
    }

    [Fact]
    public void Stream_namespace_elements_use_the_stream_prefix_without_a_declaration()
    {
        var features = new Element("features", Ns.Streams);
        features.AddElement("starttls", Ns.Tls).AddElement("required", Ns.Tls);
        features.AddElement("bind", Ns.Bind);

        var xml = StanzaWriter.ToXml(features, Ns.Client);

        Assert.Equal("<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>", xml);
        Assert.Equal(xml, features.ToString());
    }

    [Fact]
    public void Stream_error_element_matches_rfc_6120()
    {
        var error = new StreamErrorException(StreamErrorCondition.NotWellFormed, "bad <xml>").ToElement();

        Assert.Equal(
            "<stream:error><not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>bad &lt;xml&gt;</text></stream:error>",
            error.ToString());
    }

    [Fact]
    public void Stream_error_without_text_has_only_the_condition()
    {
        var error = new StreamErrorException(StreamErrorCondition.PolicyViolation).ToElement();

        Assert.Equal("<stream:error><policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>", error.ToString());
    }

    [Fact]
    public void Xml_lang_is_written_with_the_xml_prefix()
    {
        var body = new Element("body", Ns.Client).SetAttribute("lang", Ns.Xml, "de").AddText("Hallo");

        Assert.Equal("<body xml:lang='de'>Hallo</body>", StanzaWriter.ToXml(body, Ns.Client));
    }

    [Fact]
    public void Other_qualified_attributes_get_a_declared_prefix_and_round_trip()
    {
        var item = new Element("item", "urn:x")
            .SetAttribute("a", "urn:one", "1")
            .SetAttribute("b", "urn:two", "2")
            .SetAttribute("c", "urn:one", "3")
            .SetAttribute("a", "4");

        var xml = StanzaWriter.ToXml(item, Ns.Client);

        Assert.Equal("<item xmlns='urn:x' xmlns:ns0='urn:one' ns0:a='1' xmlns:ns1='urn:two' ns1:b='2' ns0:c='3' a='4'/>", xml);
        ElementComparer.AssertDeepEqual(item, Reparse(item));
    }

    [Fact]
    public void Empty_elements_are_self_closing()
    {
        Assert.Equal("<presence/>", StanzaWriter.ToXml(new Element("presence", Ns.Client), Ns.Client));
    }

    [Fact]
    public void Writing_to_a_buffer_writer_produces_utf8()
    {
        var body = new Element("body", Ns.Client).AddText("é✓😀");
        var output = new ArrayBufferWriter<byte>();

        StanzaWriter.Write(body, output, Ns.Client);

        Assert.Equal(Encoding.UTF8.GetBytes("<body>é✓😀</body>"), output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Large_text_is_written_in_chunks_without_splitting_characters()
    {
        var text = string.Concat(Enumerable.Repeat("ab😀é<", 5000));
        var body = new Element("body", Ns.Client).AddText(text);

        var reparsed = Reparse(body);

        Assert.Equal(text, reparsed.Text);
    }

    [Fact]
    public void Writer_output_parses_with_system_xml_to_the_same_tree()
    {
        var message = new Element("message", Ns.Client).SetAttribute("to", "a@b/c\"'").SetAttribute("lang", Ns.Xml, "en");
        message.AddElement("body", Ns.Client).AddText("x & y < z > w\r\n");
        message.AddElement("active", "http://jabber.org/protocol/chatstates");

        var xml = StreamOpen + StanzaWriter.ToXml(message, Ns.Client) + "</stream:stream>";
        var document = System.Xml.Linq.XDocument.Parse(xml, System.Xml.Linq.LoadOptions.PreserveWhitespace);
        var parsed = Assert.Single(document.Root!.Elements());

        Assert.Equal("{jabber:client}message", parsed.Name.ToString());
        Assert.Equal("a@b/c\"'", parsed.Attribute("to")!.Value);
        Assert.Equal("x & y < z > w\r\n", parsed.Element(System.Xml.Linq.XName.Get("body", Ns.Client))!.Value);
        Assert.NotNull(parsed.Element(System.Xml.Linq.XName.Get("active", "http://jabber.org/protocol/chatstates")));
    }

    internal static Element Reparse(Element element)
    {
        var run = ParseRun.Of(StreamOpen + StanzaWriter.ToXml(element, Ns.Client), Feeding.Whole);
        Assert.Null(run.Error);
        return Assert.Single(run.Elements());
    }
}
