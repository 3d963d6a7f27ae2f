using System.Buffers;
using System.Text;

namespace Snikket.Xmpp.Tests;

/// <summary>Malformed and hostile input (TESTING.md "Hostile input", reference/security.md §4.3).</summary>
public sealed class XmlStreamParserHostileTests
{
    private const string Header = XmlStreamParserTests.Header;

    // Two attributes and 13-character names, so that it fits s_small.
    private const string SmallHeader = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";

    private static readonly XmlLimits s_small = new()
    {
        MaxStanzaBytes = 1024,
        MaxDepth = 4,
        MaxAttributes = 3,
        MaxNameLength = 16,
        MaxHeaderBytes = 300,
    };

    public static IEnumerable<object[]> Feedings => ParseRun.Feedings;

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Doctype_before_the_stream_is_restricted_xml(Feeding feeding) =>
        AssertError("<?xml version='1.0'?><!DOCTYPE stream><stream:stream xmlns:stream='http://etherx.jabber.org/streams'>", StreamErrorCondition.RestrictedXml, feeding);

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Billion_laughs_is_rejected_at_the_doctype(Feeding feeding)
    {
        var laughs = "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
            + string.Concat(Enumerable.Range(1, 9).Select(i => $"<!ENTITY lol{i} '{string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? "" : i - 1)};", 10))}'>"))
            + "]><stream:stream xmlns:stream='http://etherx.jabber.org/streams'><message><body>&lol9;</body></message>";

        AssertError(laughs, StreamErrorCondition.RestrictedXml, feeding);
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void External_entity_is_restricted_xml(Feeding feeding) =>
        AssertError("<!DOCTYPE s [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]><stream:stream xmlns:stream='http://etherx.jabber.org/streams'>&xxe;", StreamErrorCondition.RestrictedXml, feeding);

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Entity_declaration_inside_the_stream_is_restricted_xml(Feeding feeding) =>
        AssertError(Header + "<!ENTITY x 'y'>", StreamErrorCondition.RestrictedXml, feeding);

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Comment_inside_a_stanza_is_restricted_xml(Feeding feeding) =>
        AssertError(Header + "<message><!-- hi --></message>", StreamErrorCondition.RestrictedXml, feeding);

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Comment_between_stanzas_is_restricted_xml(Feeding feeding) =>
        AssertError(Header + "<presence/><!-- hi -->", StreamErrorCondition.RestrictedXml, feeding);

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Comment_before_the_header_is_restricted_xml(Feeding feeding) =>
        AssertError("<!-- hi --><stream:stream xmlns:stream='http://etherx.jabber.org/streams'>", StreamErrorCondition.RestrictedXml, feeding);

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Processing_instruction_inside_a_stanza_is_restricted_xml(Feeding feeding) =>
        AssertError(Header + "<message><?php echo 1; ?></message>", StreamErrorCondition.RestrictedXml, feeding);

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Xml_declaration_mid_stream_is_restricted_xml(Feeding feeding) =>
        AssertError(Header + "<presence/><?xml version='1.0'?>", StreamErrorCondition.RestrictedXml, feeding);

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Xml_declaration_after_leading_whitespace_is_restricted_xml(Feeding feeding) =>
        AssertError(" <?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams'>", StreamErrorCondition.RestrictedXml, feeding);

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Processing_instruction_at_the_start_that_is_not_a_declaration_is_restricted_xml(Feeding feeding) =>
        AssertError("<?xml-stylesheet href='a'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams'>", StreamErrorCondition.RestrictedXml, feeding);

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Declaration_of_another_encoding_is_unsupported_encoding(Feeding feeding) =>
        AssertError("<?xml version='1.0' encoding='ISO-8859-1'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams'>", StreamErrorCondition.UnsupportedEncoding, feeding);

    [Theory]
    [InlineData("<?xml version='1.1'?>")]
    [InlineData("<?xml encoding='UTF-8'?>")]
    [InlineData("<?xml version='1.0' standalone='maybe'?>")]
    [InlineData("<?xml version='1.0'encoding='UTF-8'?>")]
    [InlineData("<?xml version='1.0' foo='bar'?>")]
    [InlineData("<?xml version='1.0?>")]
    public void Malformed_xml_declaration_is_not_well_formed(string declaration)
    {
        foreach (var feeding in Enum.GetValues<Feeding>())
        {
            AssertError(declaration + "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>", StreamErrorCondition.NotWellFormed, feeding);
        }
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Undeclared_element_prefix_is_not_well_formed(Feeding feeding) =>
        AssertError(Header + "<foo:message/>", StreamErrorCondition.NotWellFormed, feeding);

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Undeclared_attribute_prefix_is_not_well_formed(Feeding feeding) =>
        AssertError(Header + "<message foo:bar='1'/>", StreamErrorCondition.NotWellFormed, feeding);

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Undeclared_stream_prefix_in_the_header_is_not_well_formed(Feeding feeding) =>
        AssertError("<stream:stream xmlns='jabber:client'>", StreamErrorCondition.NotWellFormed, feeding);

    [Theory]
    [InlineData("<message xmlns:p=''/>")]
    [InlineData("<message xmlns:xmlns='urn:x'/>")]
    [InlineData("<message xmlns:xml='urn:x'/>")]
    [InlineData("<message xmlns:p='http://www.w3.org/XML/1998/namespace'/>")]
    [InlineData("<message xmlns='http://www.w3.org/2000/xmlns/'/>")]
    [InlineData("<xmlns:message/>")]
    [InlineData("<message xmlns:p='urn:a' xmlns:p='urn:b'/>")]
    [InlineData("<message xmlns='urn:a' xmlns='urn:b'/>")]
    [InlineData("<message a='1' a='2'/>")]
    [InlineData("<message xmlns:p='urn:a' xmlns:q='urn:a' p:a='1' q:a='2'/>")]
    [InlineData("<message :a='1'/>")]
    [InlineData("<message a:='1'/>")]
    [InlineData("<message a:b:c='1'/>")]
    [InlineData("<message xmlns:a='urn:a' a:='1'/>")]
    [InlineData("<a:.x xmlns:a='urn:a'/>")]
    [InlineData("<a:1x xmlns:a='urn:a'/>")]
    [InlineData("<message xmlns:a='urn:a' a:-b='1'/>")]
    [InlineData("<a\uFEFF/>")]
    [InlineData("<a\u00A0/>")]
    [InlineData("<1message/>")]
    [InlineData("<message a='<'/>")]
    [InlineData("<message a=1/>")]
    [InlineData("<message a='1'b='2'/>")]
    [InlineData("<message a/>")]
    [InlineData("<message></presence>")]
    [InlineData("<message><body></message></body>")]
    [InlineData("<message/ >")]
    [InlineData("< message/>")]
    [InlineData("<message><body>]]></body></message>")]
    [InlineData("<message><body>&</body></message>")]
    [InlineData("<message><body>& amp;</body></message>")]
    [InlineData("<message><body>&#;</body></message>")]
    [InlineData("<message><body>&#x;</body></message>")]
    [InlineData("<message><body>&#X41;</body></message>")]
    [InlineData("<message><body>&#65a;</body></message>")]
    [InlineData("<message><body>&#0;</body></message>")]
    [InlineData("<message><body>&#x0;</body></message>")]
    [InlineData("<message><body>&#1;</body></message>")]
    [InlineData("<message><body>&#xD800;</body></message>")]
    [InlineData("<message><body>&#xFFFE;</body></message>")]
    [InlineData("<message><body>&#x110000;</body></message>")]
    [InlineData("<message><body>&#99999999999;</body></message>")]
    [InlineData("<message a='&#0;'/>")]
    [InlineData("<message><body>\u0001</body></message>")]
    [InlineData("<message a='\u001f'/>")]
    [InlineData("<message><body>\uFFFE</body></message>")]
    [InlineData("<message><body>\uFFFF</body></message>")]
    [InlineData("<message><![CDATA[\u0002]]></message>")]
    [InlineData("<message><![CDAT[x]]></message>")]
    [InlineData("<message><!1x></message>")]
    [InlineData("hello")]
    [InlineData("&amp;")]
    [InlineData("<![CDATA[x]]>")]
    [InlineData("</message>")]
    [InlineData("</stream:streams>")]
    [InlineData("</stream>")]
    public void Malformed_stanza_is_not_well_formed(string stanza)
    {
        foreach (var feeding in Enum.GetValues<Feeding>())
        {
            AssertError(Header + stanza, StreamErrorCondition.NotWellFormed, feeding);
        }
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Nul_byte_in_text_is_not_well_formed(Feeding feeding) =>
        AssertError(Bytes(Header + "<message><body>a", [0], "</body></message>"), StreamErrorCondition.NotWellFormed, feeding);

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Nul_byte_in_an_attribute_is_not_well_formed(Feeding feeding) =>
        AssertError(Bytes(Header + "<message to='a", [0], "'/>"), StreamErrorCondition.NotWellFormed, feeding);

    [Theory]
    [InlineData(new byte[] { 0xC0, 0x80 })]               // overlong NUL
    [InlineData(new byte[] { 0xC1, 0xBF })]               // overlong 2-byte
    [InlineData(new byte[] { 0xE0, 0x80, 0xBC })]         // overlong '<'
    [InlineData(new byte[] { 0xF0, 0x80, 0x80, 0xBC })]   // overlong 4-byte
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]         // encoded high surrogate
    [InlineData(new byte[] { 0xED, 0xBF, 0xBF })]         // encoded low surrogate
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]   // U+110000
    [InlineData(new byte[] { 0xF5, 0x80, 0x80, 0x80 })]   // lead byte beyond the range
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0x80 })]                     // lone continuation byte
    [InlineData(new byte[] { 0xE2, 0x82, (byte)'<' })]    // truncated, then markup (the Zoom smuggling shape)
    [InlineData(new byte[] { 0xEB, (byte)'>' })]
    [InlineData(new byte[] { 0xC3, 0xC3, 0xA9 })]         // truncated, then another sequence
    public void Invalid_utf8_is_unsupported_encoding_wherever_it_appears(byte[] bad)
    {
        string[] places = ["<message><body>{}</body></message>", "<message a='{}'/>", "<message><{}/></message>", "<message {}='1'/>", "<message><![CDATA[{}]]></message>", "{}"];
        foreach (var place in places)
        {
            var parts = place.Split("{}");
            foreach (var feeding in Enum.GetValues<Feeding>())
            {
                AssertError(Bytes(Header + parts[0], bad, parts[1]), StreamErrorCondition.UnsupportedEncoding, feeding);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Invalid_utf8_in_the_header_is_unsupported_encoding(Feeding feeding) =>
        AssertError(Bytes("<stream:stream to='", [0xC0, 0xAF], "' xmlns:stream='http://etherx.jabber.org/streams'>"), StreamErrorCondition.UnsupportedEncoding, feeding);

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Unknown_entity_is_restricted_xml(Feeding feeding) =>
        AssertError(Header + "<message><body>&nbsp;</body></message>", StreamErrorCondition.RestrictedXml, feeding);

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Unknown_entity_in_an_attribute_is_restricted_xml(Feeding feeding) =>
        AssertError(Header + "<message to='&xxe;'/>", StreamErrorCondition.RestrictedXml, feeding);

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Text_at_the_root_is_not_well_formed(Feeding feeding) =>
        AssertError(Header + "<presence/>hello<presence/>", StreamErrorCondition.NotWellFormed, feeding);

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Text_before_the_header_is_not_well_formed(Feeding feeding) =>
        AssertError("GET / HTTP/1.1\r\n", StreamErrorCondition.NotWellFormed, feeding);

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Byte_order_mark_is_not_well_formed(Feeding feeding) =>
        AssertError(Bytes("", [0xEF, 0xBB, 0xBF], "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>"), StreamErrorCondition.NotWellFormed, feeding);

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Second_root_after_close_is_not_well_formed(Feeding feeding)
    {
        var run = ParseRun.Of(Header + "</stream:stream>" + Header, feeding);

        Assert.Equal(StreamErrorCondition.NotWellFormed, run.Error?.Condition);
        Assert.Equal(StreamEventKind.Closed, run.Events[^1].Kind);
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Whitespace_after_close_is_accepted(Feeding feeding)
    {
        var run = ParseRun.Of(Header + "</stream:stream>\n  ", feeding);

        Assert.Equal(2, run.Describe().Count);
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Mismatched_stream_end_tag_is_not_well_formed(Feeding feeding) =>
        AssertError(Header + "</stream:streamx>", StreamErrorCondition.NotWellFormed, feeding);

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Stream_header_inside_a_stanza_is_bad_format(Feeding feeding) =>
        AssertError(Header + "<message><stream:stream xmlns:stream='http://etherx.jabber.org/streams'>", StreamErrorCondition.BadFormat, feeding);

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Stream_header_as_a_stanza_is_bad_format(Feeding feeding) =>
        AssertError(Header + "<stream:stream>", StreamErrorCondition.BadFormat, feeding);

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Xml_declaration_between_fragments_is_restricted_xml(Feeding feeding) =>
        AssertError("<?xml version='1.0'?><a xmlns='urn:x'/><?xml version='1.0'?>", StreamErrorCondition.RestrictedXml, feeding, mode: ParseMode.Fragments);

    [Theory]
    [MemberData(nameof(Feedings))]
    public void End_tag_at_the_top_level_of_fragments_is_not_well_formed(Feeding feeding) =>
        AssertError("<a xmlns='urn:x'/></a>", StreamErrorCondition.NotWellFormed, feeding, mode: ParseMode.Fragments);

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Unterminated_stanza_over_the_byte_limit_fails_before_it_is_complete(Feeding feeding)
    {
        var start = "<message><body>";
        var header = Encoding.UTF8.GetBytes(SmallHeader);
        var stanza = Encoding.UTF8.GetBytes(start + new string('a', s_small.MaxStanzaBytes + 1 - start.Length));

        var atLimit = ParseRun.Of([.. header, .. stanza[..^1]], feeding, s_small);
        var overLimit = ParseRun.Of([.. header, .. stanza], feeding, s_small);

        Assert.Null(atLimit.Error);
        Assert.Equal(StreamErrorCondition.PolicyViolation, overLimit.Error?.Condition);
        Assert.Contains("stanza", overLimit.Error!.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Unterminated_stanza_over_the_default_limit_fails_before_it_is_complete(Feeding feeding)
    {
        var start = "<message><body>";
        var stanza = Encoding.UTF8.GetBytes(Header + start + new string('a', XmlLimits.Default.MaxStanzaBytes + 1 - start.Length));

        var run = ParseRun.Of(stanza, feeding == Feeding.SegmentPerByte ? Feeding.Incremental : feeding);

        Assert.Equal(StreamErrorCondition.PolicyViolation, run.Error?.Condition);
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Stanza_of_exactly_the_byte_limit_is_accepted_and_one_more_byte_is_not(Feeding feeding)
    {
        var shell = "<message><body></body></message>";
        var fits = shell.Insert(15, new string('a', s_small.MaxStanzaBytes - shell.Length));
        var tooBig = shell.Insert(15, new string('a', s_small.MaxStanzaBytes - shell.Length + 1));

        var accepted = ParseRun.Of(SmallHeader + fits + "  " + fits, feeding, s_small);
        var rejected = ParseRun.Of(SmallHeader + tooBig, feeding, s_small);

        Assert.Equal(2, accepted.Elements().Count);
        Assert.Null(accepted.Error);
        Assert.Equal(StreamErrorCondition.PolicyViolation, rejected.Error?.Condition);
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Huge_attribute_value_fails_at_the_byte_limit(Feeding feeding)
    {
        var run = ParseRun.Of(SmallHeader + "<message to='" + new string('a', 5000), feeding, s_small);

        Assert.Equal(StreamErrorCondition.PolicyViolation, run.Error?.Condition);
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Endless_whitespace_inside_a_tag_fails_at_the_byte_limit(Feeding feeding)
    {
        var run = ParseRun.Of(SmallHeader + "<message" + new string(' ', 5000), feeding, s_small);

        Assert.Equal(StreamErrorCondition.PolicyViolation, run.Error?.Condition);
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Depth_bomb_fails_at_the_depth_limit(Feeding feeding)
    {
        var fits = string.Concat(Enumerable.Repeat("<a>", 4)) + string.Concat(Enumerable.Repeat("</a>", 4));
        var bomb = string.Concat(Enumerable.Repeat("<a>", 5));

        var accepted = ParseRun.Of(SmallHeader + fits, feeding, s_small);
        var rejected = ParseRun.Of(SmallHeader + bomb, feeding, s_small);

        Assert.Single(accepted.Elements());
        Assert.Equal(StreamErrorCondition.PolicyViolation, rejected.Error?.Condition);
        Assert.Contains("deeper", rejected.Error!.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Default_depth_limit_stops_a_deep_bomb_without_recursion(Feeding feeding)
    {
        var run = ParseRun.Of(Header + string.Concat(Enumerable.Repeat("<a>", 100_000)), feeding == Feeding.SegmentPerByte ? Feeding.Incremental : feeding);

        Assert.Equal(StreamErrorCondition.PolicyViolation, run.Error?.Condition);
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Attribute_flood_fails_at_the_attribute_limit(Feeding feeding)
    {
        var accepted = ParseRun.Of(SmallHeader + "<message a='1' b='2' c='3'/>", feeding, s_small);
        var rejected = ParseRun.Of(SmallHeader + "<message a='1' b='2' c='3' d='4'/>", feeding, s_small);

        Assert.Single(accepted.Elements());
        Assert.Equal(StreamErrorCondition.PolicyViolation, rejected.Error?.Condition);
        Assert.Contains("attributes", rejected.Error!.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Namespace_declaration_flood_counts_as_attributes(Feeding feeding) =>
        AssertError(SmallHeader + "<message xmlns:a='urn:a' xmlns:b='urn:b' xmlns:c='urn:c' xmlns:d='urn:d'/>", StreamErrorCondition.PolicyViolation, feeding, s_small);

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Long_names_fail_at_the_name_limit(Feeding feeding)
    {
        var accepted = ParseRun.Of(SmallHeader + "<abcde:ghijklmnop xmlns:abcde='urn:x' abcdefghijklmnop='1'/>", feeding, s_small);

        Assert.Single(accepted.Elements());
        AssertError(SmallHeader + "<abcdefghijklmnopq/>", StreamErrorCondition.PolicyViolation, feeding, s_small);
        AssertError(SmallHeader + "<abcde:ghijklmnopq xmlns:abcde='urn:x'/>", StreamErrorCondition.PolicyViolation, feeding, s_small);
        AssertError(SmallHeader + "<a abcdefghijklmnopq='1'/>", StreamErrorCondition.PolicyViolation, feeding, s_small);
        AssertError(SmallHeader + "<a></abcdefghijklmnopq>", StreamErrorCondition.PolicyViolation, feeding, s_small);
        AssertError(SmallHeader + "<a>" + "<" + new string('é', 17) + "/>", StreamErrorCondition.PolicyViolation, feeding, s_small);
    }

    [Theory]
    [MemberData(nameof(Feedings))]
    public void Oversized_stream_header_fails_at_the_header_limit(Feeding feeding) =>
        AssertError("<stream:stream xmlns:stream='http://etherx.jabber.org/streams' to='" + new string('a', 400), StreamErrorCondition.PolicyViolation, feeding, s_small);

    [Fact]
    public void Failed_parser_keeps_failing_until_reset()
    {
        var parser = new XmlStreamParser(XmlLimits.Default);
        var bad = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Header + "<!-- x -->"));
        var good = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Header));

        Assert.Throws<StreamErrorException>(() => parser.TryRead(ref bad, out _) && parser.TryRead(ref bad, out _));
        var again = Assert.Throws<StreamErrorException>(() => parser.TryRead(ref good, out _));
        parser.Reset();

        Assert.Equal(StreamErrorCondition.RestrictedXml, again.Condition);
        Assert.True(parser.TryRead(ref good, out var opened));
        Assert.Equal(StreamEventKind.Opened, opened.Kind);
    }

    [Fact]
    public void Large_stanza_buffers_are_released_after_the_stanza()
    {
        var parser = new XmlStreamParser(XmlLimits.Default);
        var input = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Header + "<message><body>" + new string('x', 200_000) + "</body></message>"));
        parser.TryRead(ref input, out _);
        parser.TryRead(ref input, out _);

        // Allocation of a small stanza after a big one stays small: no retained 256 KiB buffer copy.
        var small = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("<message><body>hi</body></message>"));
        var before = GC.GetAllocatedBytesForCurrentThread();
        parser.TryRead(ref small, out var evt);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("hi", evt.Element!.Child("body", Ns.Client)!.Text);
        Assert.True(allocated < 16_384, $"allocated {allocated} bytes");
    }

    internal static void AssertError(string input, StreamErrorCondition expected, Feeding feeding, XmlLimits? limits = null, ParseMode mode = ParseMode.Stream) =>
        AssertError(Encoding.UTF8.GetBytes(input), expected, feeding, limits, mode);

    internal static void AssertError(byte[] input, StreamErrorCondition expected, Feeding feeding, XmlLimits? limits = null, ParseMode mode = ParseMode.Stream)
    {
        var run = ParseRun.Of(input, feeding, limits, mode);

        Assert.True(run.Error is not null, $"expected {expected} with {feeding} for: {Encoding.UTF8.GetString(input)}");
        Assert.True(expected == run.Error.Condition, $"expected {expected} but got {run.Error.Condition} ({run.Error.Text}) with {feeding} for: {Encoding.UTF8.GetString(input)}");
    }

    private static byte[] Bytes(string before, byte[] middle, string after) =>
        [.. Encoding.UTF8.GetBytes(before), .. middle, .. Encoding.UTF8.GetBytes(after)];
}
