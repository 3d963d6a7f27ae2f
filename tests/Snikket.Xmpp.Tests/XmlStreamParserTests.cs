using System.Buffers;
using System.Text;

namespace Snikket.Xmpp.Tests;

public sealed class XmlStreamParserTests
{
    internal const string Header =
        "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0' xml:lang='en'>";

    public static IEnumerable<object[]> Feedings => ParseRun.Feedings;

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Stream_header_with_xml_declaration_opens_the_stream(Feeding feeding)
    {
        var run = ParseRun.Of(Header, feeding);

        var events = run.Describe();

        Assert.Equal(["open stream {http://etherx.jabber.org/streams} default=jabber:client to=example.com version=1.0 xml:lang=en"], events);
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Stanza_has_resolved_name_namespace_attributes_and_text(Feeding feeding)
    {
        var run = ParseRun.Of(Header + "<message to='juliet@example.com' type='chat' id='a1'><body>Wherefore art thou?</body></message>", feeding);

        var message = Assert.Single(run.Elements());

        Assert.Null(run.Error);
        Assert.Equal("message", message.Name);
        Assert.Equal(Ns.Client, message.Namespace);
        Assert.Equal("juliet@example.com", message.GetAttribute("to"));
        Assert.Equal("chat", message.GetAttribute("type"));
        Assert.Equal("Wherefore art thou?", message.Child("body", Ns.Client)!.Text);
        Assert.Equal(3, message.Attributes.Count);
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Nested_default_namespaces_override_and_are_inherited(Feeding feeding)
    {
        var run = ParseRun.Of(Header + "<iq type='get' id='1'><query xmlns='jabber:iq:roster'><item jid='a@b'><group>g</group></item></query><x xmlns=''/></iq>", feeding);

        var iq = Assert.Single(run.Elements());

        var query = iq.Child("query", "jabber:iq:roster")!;
        Assert.Equal("jabber:iq:roster", query.Child("item", "jabber:iq:roster")!.Child("group", "jabber:iq:roster")!.Namespace);
        Assert.Equal("", iq.Child("x", "")!.Namespace);
        Assert.Equal(Ns.Client, iq.Namespace);
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Prefixed_children_and_header_prefixes_resolve(Feeding feeding)
    {
        var header = "<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' xmlns:db='jabber:server:dialback'>";
        var run = ParseRun.Of(header + "<db:result to='a' from='b'>key</db:result><iq><r:query xmlns:r='jabber:iq:roster'><r:item r:jid='x'/></r:query></iq><stream:features/>", feeding);

        var elements = run.Elements();

        Assert.Equal(3, elements.Count);
        Assert.True(elements[0].Is("result", "jabber:server:dialback"));
        var item = elements[1].Child("query", "jabber:iq:roster")!.Child("item", "jabber:iq:roster")!;
        Assert.Equal("x", item.GetAttribute("jid", "jabber:iq:roster"));
        Assert.Null(item.GetAttribute("jid"));
        Assert.True(elements[2].Is("features", Ns.Streams));
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Predefined_entities_and_character_references_are_decoded(Feeding feeding)
    {
        var run = ParseRun.Of(Header + "<message a='&lt;&amp;&#9;&#xA;&quot;'><body>&lt;&gt;&amp;&apos;&quot;&#65;&#x42;&#x1F600;&#13;</body></message>", feeding);

        var message = Assert.Single(run.Elements());

        Assert.Equal("<>&'\"AB\U0001F600\r", message.Child("body", Ns.Client)!.Text);
        Assert.Equal("<&\t\n\"", message.GetAttribute("a"));
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Cdata_section_is_merged_into_the_text(Feeding feeding)
    {
        var run = ParseRun.Of(Header + "<message><body>a<![CDATA[<b>&amp;]]]]]>c<![CDATA[]]></body></message>", feeding);

        var body = Assert.Single(run.Elements()).Child("body", Ns.Client)!;

        Assert.Equal("a<b>&amp;]]]c", body.Text);
        Assert.Single(body.Nodes);
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Attributes_accept_both_quote_kinds(Feeding feeding)
    {
        var run = ParseRun.Of(Header + "<presence a='x\"y' b=\"x'y\" c = 'z' />", feeding);

        var presence = Assert.Single(run.Elements());

        Assert.Equal("x\"y", presence.GetAttribute("a"));
        Assert.Equal("x'y", presence.GetAttribute("b"));
        Assert.Equal("z", presence.GetAttribute("c"));
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Stream_end_tag_closes_the_stream(Feeding feeding)
    {
        var run = ParseRun.Of(Header + "<presence/></stream:stream>", feeding);

        var events = run.Describe();

        Assert.Equal(3, events.Count);
        Assert.Equal("close", events[2]);
    }

    [Fact]
    public void Stream_end_tag_split_across_reads_is_reported_once_complete()
    {
        var parser = new XmlStreamParser(XmlLimits.Default);
        var first = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Header + "</stream:str"));
        var second = new ReadOnlySequence<byte>("eam >"u8.ToArray());

        Assert.True(parser.TryRead(ref first, out var opened));
        var needsMore = parser.TryRead(ref first, out _);
        var closed = parser.TryRead(ref second, out var evt);

        Assert.Equal(StreamEventKind.Opened, opened.Kind);
        Assert.False(needsMore);
        Assert.True(first.IsEmpty);
        Assert.True(closed);
        Assert.Equal(StreamEventKind.Closed, evt.Kind);
    }

    [Fact]
    public void Two_stanzas_in_one_buffer_are_returned_one_at_a_time()
    {
        var parser = new XmlStreamParser(XmlLimits.Default);
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Header + "<message id='1'/><message id='2'>x</message>"));

        parser.TryRead(ref buffer, out _);
        Assert.True(parser.TryRead(ref buffer, out var first));
        var rest = Encoding.UTF8.GetString(buffer.ToArray());
        Assert.True(parser.TryRead(ref buffer, out var second));

        Assert.Equal("1", first.Element!.GetAttribute("id"));
        Assert.Equal("<message id='2'>x</message>", rest);
        Assert.Equal("2", second.Element!.GetAttribute("id"));
        Assert.True(buffer.IsEmpty);
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Keepalive_whitespace_between_stanzas_is_ignored(Feeding feeding)
    {
        var run = ParseRun.Of(Header + " \n\t\r\n <presence/> \n  \r <presence/>   ", feeding);

        var events = run.Describe();

        Assert.Equal(3, events.Count);
    }

    [Fact]
    public void Whitespace_alone_needs_more_data_and_is_consumed()
    {
        var parser = new XmlStreamParser(XmlLimits.Default);
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Header + "   "));
        parser.TryRead(ref buffer, out _);

        var read = parser.TryRead(ref buffer, out _);

        Assert.False(read);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Reset_after_starttls_leaves_the_pipelined_bytes_in_the_buffer()
    {
        var parser = new XmlStreamParser(XmlLimits.Default);
        var pipelined = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.com'>";
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Header + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>" + pipelined));

        parser.TryRead(ref buffer, out _);
        parser.TryRead(ref buffer, out var starttls);
        var left = Encoding.UTF8.GetString(buffer.ToArray());
        parser.Reset();
        var reopened = parser.TryRead(ref buffer, out var evt);

        Assert.True(starttls.Element!.Is("starttls", Ns.Tls));
        Assert.Equal(pipelined, left);
        Assert.True(reopened);
        Assert.Equal(StreamEventKind.Opened, evt.Kind);
        Assert.Equal("example.com", evt.Header!.GetAttribute("to"));
    }

    [Fact]
    public void After_a_restart_white_space_may_precede_the_xml_declaration()
    {
        var parser = new XmlStreamParser(XmlLimits.Default);
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Header + "<auth/>\n"));
        parser.TryRead(ref buffer, out _);
        parser.TryRead(ref buffer, out _);

        parser.Reset();
        var restarted = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(buffer.ToArray()) + Header));

        Assert.True(parser.TryRead(ref restarted, out var opened));
        Assert.Equal(StreamEventKind.Opened, opened.Kind);
    }

    [Fact]
    public void Reset_mid_stanza_forgets_the_partial_stanza()
    {
        var parser = new XmlStreamParser(XmlLimits.Default);
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Header + "<message><body>half"));
        parser.TryRead(ref buffer, out _);
        parser.TryRead(ref buffer, out _);

        parser.Reset();
        var fresh = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Header + "<presence/>"));

        Assert.True(parser.TryRead(ref fresh, out var opened));
        Assert.True(parser.TryRead(ref fresh, out var presence));
        Assert.Equal(StreamEventKind.Opened, opened.Kind);
        Assert.True(presence.Element!.Is("presence", Ns.Client));
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Line_endings_are_normalised_in_text_and_attributes(Feeding feeding)
    {
        var run = ParseRun.Of(Header + "<message a='1\r\n2\r3\n4\t5'><body>a\r\nb\rc\r\r\nd<![CDATA[e\r\nf\r]]></body></message>", feeding);

        var message = Assert.Single(run.Elements());

        Assert.Equal("1 2 3 4 5", message.GetAttribute("a"));
        Assert.Equal("a\nb\nc\n\nde\nf\n", message.Child("body", Ns.Client)!.Text);
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Self_closing_stream_header_opens_then_closes(Feeding feeding)
    {
        var run = ParseRun.Of("<stream:stream xmlns:stream='http://etherx.jabber.org/streams' to='x'/>", feeding);

        var events = run.Describe();

        Assert.Equal(["open stream {http://etherx.jabber.org/streams} default=(none) to=x", "close"], events);
    }

    [Fact]
    public void Close_after_a_self_closing_header_is_pending_without_more_input()
    {
        var parser = new XmlStreamParser(XmlLimits.Default);
        var buffer = new ReadOnlySequence<byte>("<stream:stream xmlns:stream='http://etherx.jabber.org/streams'/>"u8.ToArray());

        parser.TryRead(ref buffer, out _);
        var pending = parser.HasPendingEvent;
        var empty = ReadOnlySequence<byte>.Empty;
        var read = parser.TryRead(ref empty, out var closed);

        Assert.True(pending);
        Assert.True(read);
        Assert.Equal(StreamEventKind.Closed, closed.Kind);
        Assert.False(parser.HasPendingEvent);
    }

    [Fact]
    public void Empty_buffer_needs_more_data()
    {
        var parser = new XmlStreamParser(XmlLimits.Default, ParseMode.Fragments);
        var empty = ReadOnlySequence<byte>.Empty;

        Assert.False(parser.TryRead(ref empty, out _));
        Assert.Equal(ParseMode.Fragments, parser.Mode);
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Non_ascii_text_attributes_and_names_are_decoded(Feeding feeding)
    {
        var run = ParseRun.Of(Header + "<message><body xml:lang='fr'>héllo ✓ 😀</body><ñame xmlns='urn:x' ä='ö'/></message>", feeding);

        var message = Assert.Single(run.Elements());

        var body = message.Child("body", Ns.Client)!;
        Assert.Equal("héllo ✓ 😀", body.Text);
        Assert.Equal("fr", body.GetAttribute("lang", Ns.Xml));
        Assert.Equal("ö", message.Child("ñame", "urn:x")!.GetAttribute("ä"));
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Whitespace_and_mixed_content_inside_a_stanza_are_kept(Feeding feeding)
    {
        var run = ParseRun.Of(Header + "<message>\n  <body> a </body>\n  tail</message>", feeding);

        var message = Assert.Single(run.Elements());

        Assert.Equal(3, message.Nodes.Count);
        Assert.Equal("\n  \n  tail", message.Text);
        Assert.Equal(" a ", message.Child("body", Ns.Client)!.Text);
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Stream_without_a_default_namespace_gives_stanzas_no_namespace(Feeding feeding)
    {
        var run = ParseRun.Of("<stream:stream xmlns:stream='http://etherx.jabber.org/streams'><message/>", feeding);

        var message = Assert.Single(run.Elements());

        Assert.Null(run.Events[0].Header!.DefaultNamespace);
        Assert.Equal("", message.Namespace);
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Fragments_mode_returns_each_top_level_element_including_open_and_close(Feeding feeding)
    {
        var input = "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.com' version='1.0'/>"
            + "<message xmlns='jabber:client'><body>hi</body></message>\n"
            + "<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>";

        var run = ParseRun.Of(input, feeding, mode: ParseMode.Fragments);

        var elements = run.Elements();
        Assert.Null(run.Error);
        Assert.Equal(3, elements.Count);
        Assert.True(elements[0].Is("open", Ns.Framing));
        Assert.Equal("example.com", elements[0].GetAttribute("to"));
        Assert.Equal("hi", elements[1].Child("body", Ns.Client)!.Text);
        Assert.True(elements[2].Is("close", Ns.Framing));
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Fragments_mode_accepts_a_leading_xml_declaration(Feeding feeding)
    {
        var run = ParseRun.Of("<?xml version=\"1.0\" encoding=\"utf-8\" standalone='yes' ?><a xmlns='urn:x'/>", feeding, mode: ParseMode.Fragments);

        Assert.Equal(["<a xmlns='urn:x'/>"], run.Describe());
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Namespace_declarations_are_not_attributes(Feeding feeding)
    {
        var run = ParseRun.Of(Header + "<iq xmlns:p='urn:p' id='1'><query xmlns='urn:q'/></iq>", feeding);

        var iq = Assert.Single(run.Elements());

        Assert.Equal([new XmlAttribute("id", "", "1")], iq.Attributes);
        Assert.Empty(iq.Child("query", "urn:q")!.Attributes);
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Stanza_byte_count_is_exactly_its_own_bytes(Feeding feeding)
    {
        var stanza = "<message><body>x</body></message>";

        var run = ParseRun.Of(Header + "  " + stanza, feeding);

        Assert.Single(run.Elements());
        if (feeding == Feeding.Whole)
        {
            Assert.Equal(stanza.Length + 2, run.ElementBytes[0]);
        }
    }

    [Fact]
    public void Prefix_named_like_the_stream_but_bound_elsewhere_is_an_ordinary_element()
    {
        var run = ParseRun.Of(Header + "<s:stream xmlns:s='urn:not-streams'/>", Feeding.Whole);

        var element = Assert.Single(run.Elements());

        Assert.True(element.Is("stream", "urn:not-streams"));
    }

    [Fact]
    public void Parser_is_linear_when_a_large_stanza_arrives_one_byte_per_call()
    {
        var body = new string('a', 200_000);
        var input = Encoding.UTF8.GetBytes(Header + "<message><body>" + body + "</body></message>");
        var parser = new XmlStreamParser(XmlLimits.Default);
        var events = new List<StreamEvent>();

        for (var i = 0; i < input.Length; i++)
        {
            var buffer = new ReadOnlySequence<byte>(input, i, 1);
            while (parser.TryRead(ref buffer, out var evt))
            {
                events.Add(evt);
            }
        }

        Assert.Equal(2, events.Count);
        Assert.Equal(body, events[1].Element!.Child("body", Ns.Client)!.Text);
    }
}
