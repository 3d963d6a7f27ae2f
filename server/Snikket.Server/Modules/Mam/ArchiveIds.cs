namespace Snikket.Server.Modules.Mam;

/// <summary>
/// Archive ids (XEP-0313 §3: "a server-assigned UID that MUST be unpredictable and unique within
/// the archive"; §6.2: never reused). An id is a positive 63-bit number: Unix milliseconds in the
/// high 43 bits (good until the year 2248) and 20 low bits that start at a random point in each
/// millisecond and advance by a random step of 1–64. So ids are
/// <list type="bullet">
/// <item>increasing: each is above the previous one, even when the clock steps back (the
/// writer continues from the highest id in the table after a restart), and they are assigned
/// in commit order, so a reader never sees id N+1 before id N;</item>
/// <item>time-ordered: <c>id &gt;&gt; 20</c> is at or after the message's timestamp, which lets
/// expiry and the 'start' filter work on the primary key;</item>
/// <item>not a counter: they reveal neither how many messages the server handles nor the id of
/// a neighbouring message (only the archive's owner ever sees them, so this is about not leaking
/// volume, not about secrecy).</item>
/// </list>
/// Written as 13 characters of Crockford's base-32 alphabet in lower case, fixed width, so the
/// text sorts like the number.
/// </summary>
internal sealed class ArchiveIds
{
    /// <summary>Characters of an id, in ascending order (0-9 then letters without i, l, o, u).</summary>
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    private const int Length = 13;
    private const int SequenceBits = 20;

    private long _last;

    /// <summary>The smallest id that can belong to a message received at or after <paramref name="unixMilliseconds"/>.</summary>
    public static long FirstAt(long unixMilliseconds) => Math.Max(0, unixMilliseconds) << SequenceBits;

    /// <summary>Makes sure later ids are above <paramref name="existing"/> (the highest id already stored).</summary>
    public void Observe(long existing)
    {
        var last = Volatile.Read(ref _last);
        while (existing > last)
        {
            var seen = Interlocked.CompareExchange(ref _last, existing, last);
            if (seen == last)
            {
                return;
            }

            last = seen;
        }
    }

    /// <summary>The next id, for a message received at <paramref name="unixMilliseconds"/>.</summary>
    public long Next(long unixMilliseconds)
    {
        var floor = FirstAt(unixMilliseconds) + Random.Shared.Next(1 << (SequenceBits - 4));
        while (true)
        {
            var last = Volatile.Read(ref _last);
            var next = Math.Max(last + 1 + Random.Shared.Next(64), floor);
            if (Interlocked.CompareExchange(ref _last, next, last) == last)
            {
                return next;
            }
        }
    }

    /// <summary>The id as clients see it.</summary>
    public static string Format(long id)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        return string.Create(Length, id, static (chars, value) =>
        {
            for (var i = chars.Length - 1; i >= 0; i--)
            {
                chars[i] = Alphabet[(int)(value & 31)];
                value >>= 5;
            }
        });
    }

    /// <summary>Reads an id a client sent back; false for anything <see cref="Format"/> cannot have produced.</summary>
    public static bool TryParse(string? text, out long id)
    {
        id = 0;
        if (text is null || text.Length != Length)
        {
            return false;
        }

        ulong value = 0;
        foreach (var c in text)
        {
            var digit = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (digit < 0)
            {
                return false;
            }

            value = (value << 5) | (uint)digit;
        }

        // 13 × 5 = 65 bits: the first character may only carry the 3 bits left of a positive long.
        if (Alphabet.IndexOf(text[0], StringComparison.Ordinal) > 7)
        {
            return false;
        }

        id = (long)value;
        return true;
    }
}
