using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Snikket.Xmpp.Tests;

/// <summary>
/// Seeded, bounded mutation fuzzing (TESTING.md "Hostile input"; reference/security.md §4.2).
/// Oracles: only <see cref="StreamErrorException"/> escapes; the result does not depend on how
/// the input is split; no returned element exceeds the limits; every returned element survives
/// write → parse with both our parser and System.Xml; and on single-element documents our
/// accept/reject verdict agrees with System.Xml's XmlReader.
/// </summary>
public sealed class XmlStreamParserFuzzTests
{
    private const string Wrapper = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";

    private static readonly XmlLimits s_limits = new()
    {
        MaxStanzaBytes = 2048,
        MaxDepth = 8,
        MaxAttributes = 8,
        MaxNameLength = 24,
        MaxHeaderBytes = 1024,
    };

    private static readonly string[] s_streams =
    [
        "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0' xml:lang='en'>"
            + "<message to='juliet@example.com/balcony' type='chat' id='a1'><body>Wherefore &amp; why &lt;art&gt; thou?</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>"
            + " \n<iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq></stream:stream>",
        "<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' xmlns:db='jabber:server:dialback'>"
            + "<db:result from='a.example' to='b.example'>abc123</db:result><stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features>",
        "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
            + "<presence><show>away</show><status xml:lang='fr'>héllo ✓ 😀 &#x1F600;&#65;</status><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node=\"n'x\" ver='abc='/></presence>"
            + "<message><body><![CDATA[<b>bold</b> & ]]]]></body><p:x xmlns:p='urn:p' p:a='1' a='2'><p:y/></p:x></message>\r\n",
        "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'><iq type='set' id='b'>"
            + "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>phone\r\nx\ty</resource></bind></iq><a><b><c><d>deep</d></c></b></a><r xmlns='urn:xmpp:sm:3'/>",
    ];

    private static readonly string[] s_documents =
    [
        "<message xmlns='jabber:client' to='a@b' id='1'><body>hi &amp; bye</body></message>",
        "<?xml version='1.0' encoding='UTF-8'?><iq xmlns='jabber:client' type='get'><query xmlns='jabber:iq:roster'><item jid='x@y' name=\"a'b\"/></query></iq>",
        "<p:presence xmlns:p='jabber:client' xmlns:c='urn:c'><c:x c:y='1' y='2'>t<![CDATA[<z>]]>&#xE9;&#233;</c:x></p:presence>",
        "<a xmlns='urn:a'>\r\n <b xml:lang='en'>é😀</b>\t<c/><d xmlns=''>&lt;&gt;&apos;&quot;</d></a>",
        "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.com' version='1.0'/>",
    ];

    private static readonly byte[][] s_tokens =
    [
        .. new[]
        {
            "<", ">", "&", "\"", "'", "]]>", "<?", "<!", "<!--", "<?xml version='1.0'?>", "/", "\0", "&amp;", "&lt;", "&#0;", "&#x1F600;",
            "&#xD800;", "&foo;", "&#65", "<a>", "</a>", "<b/>", " xmlns='urn:x'", " xmlns:p='urn:p'", "p:", " a='1'", " a=\"2\"", "=",
            "<![CDATA[", "\r", "\r\n", "\t", "é", "😀", "\uFFFE", "</stream:stream>", "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>",
            " ", ":", "xmlns", "xml:", "<!DOCTYPE x>", "&#x10FFFF;", "&#xFFFF;", "\u0085", "\u2028",
        }.Select(Encoding.UTF8.GetBytes),
        [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xEB], [0xE2, 0x82], [0x80], [0xFF], [0xEF, 0xBB, 0xBF],
    ];

    [Fact]
    public void Mutated_streams_never_crash_split_differently_exceed_limits_or_fail_to_round_trip()
    {
        var random = new Random(6120);
        var corpus = s_streams.Select(Encoding.UTF8.GetBytes).ToArray();
        var accepted = 0;

        for (var iteration = 0; iteration < 20_000; iteration++)
        {
            var input = Mutate(random, corpus[random.Next(corpus.Length)], corpus);
            var whole = Parse(input, Feeding.Whole, ParseMode.Stream);
            var split = Parse(input, random.Next(2) == 0 ? Feeding.RandomSegments : Feeding.Incremental, ParseMode.Stream, random.Next());

            Assert.True(
                whole.Error?.Condition == split.Error?.Condition && whole.Events.SequenceEqual(split.Events),
                $"splitting changed the result for {Show(input)}: {whole.Error?.Text} vs {split.Error?.Text}");
            foreach (var (element, bytes) in whole.Elements)
            {
                CheckLimits(element, bytes, input);
                CheckRoundTrip(element, input);
                accepted++;
            }
        }

        // The corpus must keep exercising the success path, not just the error paths.
        Assert.True(accepted > 5_000, $"only {accepted} elements accepted");
    }

    [Fact]
    public void Mutated_documents_are_accepted_exactly_when_system_xml_accepts_them()
    {
        var random = new Random(7395);
        var corpus = s_documents.Select(Encoding.UTF8.GetBytes).ToArray();
        var agreedAccepts = 0;
        var agreedRejects = 0;

        for (var iteration = 0; iteration < 10_000; iteration++)
        {
            var input = Mutate(random, corpus[random.Next(corpus.Length)], corpus);
            var ours = Parse(input, Feeding.Whole, ParseMode.Fragments);
            var weAccept = ours.Error is null && ours.Elements.Count == 1 && ours.TrailingIsWhitespace;
            var reference = ReferenceVerdict(input);

            if (reference == Verdict.Restricted)
            {
                // A comment, PI or DTD: legal XML that RFC 6120 §11.1 forbids. We must reject it.
                Assert.False(weAccept, $"accepted restricted XML: {Show(input)}");
                agreedRejects++;
                continue;
            }

            var referenceAccepts = reference == Verdict.Accept;
            if (weAccept == referenceAccepts)
            {
                _ = weAccept ? agreedAccepts++ : agreedRejects++;
                continue;
            }

            // Legitimate differences, where we are deliberately stricter than XML 1.0:
            // - our limits (PolicyViolation): XmlReader has none;
            // - a <stream:stream> element below the root (BadFormat), rejected against smuggling;
            // - a byte order mark or an encoding declaration other than UTF-8, which XmlReader
            //   honours and RFC 6120 §11.6 does not allow (UnsupportedEncoding / NotWellFormed);
            // - character references padded with zeros beyond 32 characters.
            // Anything we accept and XmlReader rejects is never legitimate: that is a parser differential.
            Assert.False(weAccept, $"accepted what System.Xml rejects: {Show(input)}");
            var condition = ours.Error?.Condition;
            var legitimate = condition is StreamErrorCondition.PolicyViolation or StreamErrorCondition.BadFormat
                || (condition is StreamErrorCondition.UnsupportedEncoding or StreamErrorCondition.NotWellFormed
                    && (input.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) || Encoding.UTF8.GetString(input).Contains("encoding=", StringComparison.Ordinal)));
            Assert.True(legitimate, $"rejected ({ours.Error?.Condition}: {ours.Error?.Text}) what System.Xml accepts: {Show(input)}");
        }

        Assert.True(agreedAccepts > 500, $"only {agreedAccepts} agreed accepts");
        Assert.True(agreedRejects > 1_000, $"only {agreedRejects} agreed rejects");
    }

    [Fact]
    public void Limit_walk_at_and_beyond_each_limit_is_exact()
    {
        for (var depth = s_limits.MaxDepth - 1; depth <= s_limits.MaxDepth + 1; depth++)
        {
            var xml = Wrapper + string.Concat(Enumerable.Repeat("<a>", depth)) + string.Concat(Enumerable.Repeat("</a>", depth));
            Assert.Equal(depth > s_limits.MaxDepth, Parse(Encoding.UTF8.GetBytes(xml), Feeding.Whole, ParseMode.Stream).Error is not null);
        }

        for (var count = s_limits.MaxAttributes - 1; count <= s_limits.MaxAttributes + 1; count++)
        {
            var xml = Wrapper + "<a" + string.Concat(Enumerable.Range(0, count).Select(i => $" a{i}='{i}'")) + "/>";
            Assert.Equal(count > s_limits.MaxAttributes, Parse(Encoding.UTF8.GetBytes(xml), Feeding.Whole, ParseMode.Stream).Error is not null);
        }

        for (var size = s_limits.MaxStanzaBytes - 1; size <= s_limits.MaxStanzaBytes + 1; size++)
        {
            var xml = Wrapper + "<a>" + new string('x', size - 7) + "</a>";
            Assert.Equal(size > s_limits.MaxStanzaBytes, Parse(Encoding.UTF8.GetBytes(xml), Feeding.Whole, ParseMode.Stream).Error is not null);
        }

        for (var length = s_limits.MaxNameLength - 1; length <= s_limits.MaxNameLength + 1; length++)
        {
            var xml = Wrapper + "<" + new string('n', length) + "/>";
            Assert.Equal(length > s_limits.MaxNameLength, Parse(Encoding.UTF8.GetBytes(xml), Feeding.Whole, ParseMode.Stream).Error is not null);
        }
    }

    private static byte[] Mutate(Random random, byte[] seed, byte[][] corpus)
    {
        var data = new List<byte>(seed);
        var count = random.Next(1, 4);
        for (var k = 0; k < count; k++)
        {
            var position = data.Count == 0 ? 0 : random.Next(data.Count + 1);
            switch (random.Next(9))
            {
                case 0 when data.Count > 0:
                    data[Math.Min(position, data.Count - 1)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when data.Count > 0:
                    data[Math.Min(position, data.Count - 1)] = (byte)random.Next(256);
                    break;
                case 2:
                case 3:
                    data.InsertRange(position, s_tokens[random.Next(s_tokens.Length)]);
                    break;
                case 4:
                    data.RemoveRange(position, Math.Min(random.Next(1, 9), data.Count - position));
                    break;
                case 5:
                    data.RemoveRange(position, data.Count - position);
                    break;
                case 6:
                    var other = corpus[random.Next(corpus.Length)];
                    var from = random.Next(other.Length);
                    data.RemoveRange(position, data.Count - position);
                    data.AddRange(other[from..]);
                    break;
                case 7 when data.Count > 0:
                    var start = random.Next(data.Count);
                    var length = Math.Min(random.Next(1, 40), data.Count - start);
                    data.InsertRange(position, data.GetRange(start, length));
                    break;
                default:
                    // Repeat a token many times: depth bombs, attribute floods, long names, big stanzas.
                    var token = s_tokens[random.Next(s_tokens.Length)];
                    var repeats = random.Next(5, 400);
                    for (var r = 0; r < repeats; r++)
                    {
                        data.InsertRange(position, token);
                    }

                    break;
            }
        }

        return [.. data];
    }

    private static FuzzRun Parse(byte[] input, Feeding feeding, ParseMode mode, int seed = 1)
    {
        var result = new FuzzRun();
        if (feeding != Feeding.Whole)
        {
            var run = ParseRun.Of(input, feeding, s_limits, mode, seed);
            result.Error = run.Error;
            result.Events.AddRange(run.Events.Select(ParseRun.Describe));
            return result;
        }

        // Whole input, tracking offsets to measure each element's own bytes.
        var parser = new XmlStreamParser(s_limits, mode);
        var buffer = new System.Buffers.ReadOnlySequence<byte>(input);
        try
        {
            while (true)
            {
                var before = input.Length - buffer.Length;
                if (!parser.TryRead(ref buffer, out var evt))
                {
                    break;
                }

                var after = input.Length - buffer.Length;
                result.Events.Add(ParseRun.Describe(evt));
                if (evt.Kind == StreamEventKind.Element)
                {
                    while (before < after && input[before] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
                    {
                        before++;
                    }

                    result.Elements.Add((evt.Element!, after - before));
                    result.End = after;
                }
            }
        }
        catch (StreamErrorException e)
        {
            result.Error = e;
        }

        result.TrailingIsWhitespace = input.AsSpan((int)result.End).IndexOfAnyExcept(" \t\r\n"u8) < 0;
        return result;
    }

    private static void CheckLimits(Element element, long bytes, byte[] input)
    {
        Assert.True(bytes <= s_limits.MaxStanzaBytes, $"{bytes}-byte element returned from {Show(input)}");
        Walk(element, 1);

        void Walk(Element e, int depth)
        {
            Assert.True(depth <= s_limits.MaxDepth, $"element at depth {depth} returned from {Show(input)}");
            Assert.True(e.Attributes.Count <= s_limits.MaxAttributes, $"{e.Attributes.Count} attributes returned from {Show(input)}");
            Assert.True(e.Name.EnumerateRunes().Count() <= s_limits.MaxNameLength, $"long name returned from {Show(input)}");
            foreach (var child in e.Elements())
            {
                Walk(child, depth + 1);
            }
        }
    }

    private static void CheckRoundTrip(Element element, byte[] input)
    {
        var xml = StanzaWriter.ToXml(element, Ns.Client);

        var ours = ParseRun.Of(Wrapper + xml, Feeding.Whole, XmlLimits.Default);
        Assert.True(ours.Error is null && ours.Elements().Count == 1, $"writer output {xml} did not reparse ({ours.Error?.Text}); input {Show(input)}");
        var difference = ElementComparer.Explain(element, ours.Elements()[0]);
        Assert.True(difference is null, $"round trip changed {difference}: {xml}; input {Show(input)}");

        // Second parser: the serialised form must mean the same thing to System.Xml (no smuggling).
        var document = XDocument.Parse(Wrapper + xml + "</stream:stream>", LoadOptions.PreserveWhitespace);
        var theirs = Assert.Single(document.Root!.Elements());
        difference = ElementComparer.Explain(element, FromXElement(theirs));
        Assert.True(difference is null, $"System.Xml reads {xml} differently: {difference}");
    }

    private static Element FromXElement(XElement source)
    {
        var element = new Element(source.Name.LocalName, source.Name.NamespaceName);
        foreach (var attribute in source.Attributes().Where(a => !a.IsNamespaceDeclaration))
        {
            element.SetAttribute(attribute.Name.LocalName, attribute.Name.NamespaceName, attribute.Value);
        }

        foreach (var node in source.Nodes())
        {
            if (node is XElement child)
            {
                element.Add(FromXElement(child));
            }
            else if (node is XText text)
            {
                element.AddText(text.Value);
            }
        }

        return element;
    }

    private static Verdict ReferenceVerdict(byte[] input)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            CheckCharacters = true,
            IgnoreComments = false,
            IgnoreProcessingInstructions = false,
            ConformanceLevel = ConformanceLevel.Document,
        };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(input), settings);
            while (reader.Read())
            {
                if (reader.NodeType is XmlNodeType.Comment or XmlNodeType.ProcessingInstruction or XmlNodeType.DocumentType)
                {
                    return Verdict.Restricted;
                }
            }

            return Verdict.Accept;
        }
        catch (XmlException)
        {
            return Verdict.Reject;
        }
    }

    private static string Show(byte[] input) => Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 600))) + " = " + Encoding.UTF8.GetString(input[..Math.Min(input.Length, 600)]);

    private enum Verdict
    {
        Accept,
        Reject,
        Restricted,
    }

    private sealed class FuzzRun
    {
        public List<string> Events { get; } = [];

        public List<(Element Element, long Bytes)> Elements { get; } = [];

        public StreamErrorException? Error { get; set; }

        public long End { get; set; }

        public bool TrailingIsWhitespace { get; set; }
    }
}
