using System.Buffers;

namespace Snikket.Xmpp.Tests;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/>s from linked segments, as Kestrel's tests do.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> Of(params byte[][] chunks)
    {
        var nonEmpty = chunks.Where(c => c.Length > 0).ToArray();
        if (nonEmpty.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        if (nonEmpty.Length == 1)
        {
            return new ReadOnlySequence<byte>(nonEmpty[0]);
        }

        var first = new Segment(nonEmpty[0], 0);
        var last = first;
        foreach (var chunk in nonEmpty.Skip(1))
        {
            last = last.Append(chunk);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    public static ReadOnlySequence<byte> PerByte(byte[] input) => Of(input.Select(b => new[] { b }).ToArray());

    public static ReadOnlySequence<byte> Random(byte[] input, Random random)
    {
        var chunks = new List<byte[]>();
        for (var offset = 0; offset < input.Length;)
        {
            var size = Math.Min(input.Length - offset, random.Next(1, 24));
            chunks.Add(input.AsSpan(offset, size).ToArray());
            offset += size;
        }

        return Of([.. chunks]);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
