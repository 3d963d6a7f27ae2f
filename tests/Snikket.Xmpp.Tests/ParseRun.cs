using System.Buffers;
using System.Text;

namespace Snikket.Xmpp.Tests;

/// <summary>The outcome of feeding a whole input to a parser.</summary>
internal sealed class ParseRun
{
    public List<StreamEvent> Events { get; } = [];

    /// <summary>For each Element event, the number of bytes consumed by the TryRead call that returned it.</summary>
    public List<long> ElementBytes { get; } = [];

    public StreamErrorException? Error { get; set; }

    /// <summary>Bytes offered but not consumed when the input ran out (should be none).</summary>
    public long Unconsumed { get; set; }

    public static IEnumerable<object[]> Feedings => Enum.GetValues<Feeding>().Select(f => new object[] { f });

    public static ParseRun Of(string xml, Feeding feeding, XmlLimits? limits = null, ParseMode mode = ParseMode.Stream) =>
        Of(Encoding.UTF8.GetBytes(xml), feeding, limits, mode);

    public static ParseRun Of(byte[] input, Feeding feeding, XmlLimits? limits = null, ParseMode mode = ParseMode.Stream, int seed = 20261122)
    {
        var parser = new XmlStreamParser(limits ?? XmlLimits.Default, mode);
        var run = new ParseRun();
        try
        {
            if (feeding == Feeding.Incremental)
            {
                run.FeedIncrementally(parser, input, new Random(seed));
            }
            else
            {
                var buffer = feeding switch
                {
                    Feeding.Whole => Segments.Of(input),
                    Feeding.SegmentPerByte => Segments.PerByte(input),
                    _ => Segments.Random(input, new Random(seed)),
                };
                run.Drain(parser, ref buffer);
                run.Unconsumed = buffer.Length;
            }
        }
        catch (StreamErrorException e)
        {
            run.Error = e;
        }

        return run;
    }

    /// <summary>Asserts success and returns the events as comparable strings.</summary>
    public List<string> Describe()
    {
        Assert.Null(Error);
        Assert.Equal(0, Unconsumed);
        return Events.Select(Describe).ToList();
    }

    public static string Describe(StreamEvent e) => e.Kind switch
    {
        StreamEventKind.Opened => "open " + e.Header!.Name + " {" + e.Header.Namespace + "} default=" + (e.Header.DefaultNamespace ?? "(none)")
            + string.Concat(e.Header.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => " " + a.Key + "=" + a.Value)),
        StreamEventKind.Element => StanzaWriter.ToXml(e.Element!),
        _ => "close",
    };

    public List<Element> Elements() => Events.Where(e => e.Kind == StreamEventKind.Element).Select(e => e.Element!).ToList();

    private void Drain(XmlStreamParser parser, ref ReadOnlySequence<byte> buffer)
    {
        while (true)
        {
            var before = buffer.Length;
            if (!parser.TryRead(ref buffer, out var evt))
            {
                return;
            }

            Record(evt, before - buffer.Length);
        }
    }

    private void FeedIncrementally(XmlStreamParser parser, byte[] input, Random random)
    {
        // Simulates PipeReader: ReadAsync returns everything unconsumed plus a new chunk; after
        // TryRead returns false the caller advances to buffer.Start, keeping whatever is left.
        var offset = 0;
        var kept = Array.Empty<byte>();
        while (offset < input.Length)
        {
            var size = Math.Min(input.Length - offset, random.Next(1, 64));
            var chunk = input.AsSpan(offset, size).ToArray();
            offset += size;
            var buffer = kept.Length == 0 ? Segments.Of(chunk) : Segments.Of(kept, chunk);
            Drain(parser, ref buffer);
            kept = buffer.ToArray();
        }

        Unconsumed = kept.Length;
    }

    private void Record(StreamEvent evt, long consumed)
    {
        Events.Add(evt);
        if (evt.Kind == StreamEventKind.Element)
        {
            ElementBytes.Add(consumed);
        }
    }
}
