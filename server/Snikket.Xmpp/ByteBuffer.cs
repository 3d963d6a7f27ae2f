using System.Buffers;

namespace Snikket.Xmpp;

/// <summary>
/// A growable byte accumulator for the parser's pieces of text, names and values. Large arrays
/// come from <see cref="ArrayPool{T}"/> and go back after each stanza, so an idle connection keeps
/// only small buffers however big its last stanza was.
/// </summary>
internal sealed class ByteBuffer
{
    private const int RetainLimit = 4096;
    private byte[] _array = [];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _array.AsSpan(0, Length);

    public void Append(byte value)
    {
        if (Length == _array.Length)
        {
            Grow(1);
        }

        _array[Length++] = value;
    }

    public void Append(ReadOnlySpan<byte> values)
    {
        if (values.Length > _array.Length - Length)
        {
            Grow(values.Length);
        }

        values.CopyTo(_array.AsSpan(Length));
        Length += values.Length;
    }

    public void Clear() => Length = 0;

    /// <summary>Clears and gives a large array back to the pool.</summary>
    public void Trim()
    {
        Length = 0;
        if (_array.Length > RetainLimit)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = [];
        }
    }

    private void Grow(int extra)
    {
        var size = Math.Max(Math.Max(64, _array.Length * 2), Length + extra);
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        Span.CopyTo(bigger);
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }

        _array = bigger;
    }
}
