namespace Snikket.Bench;

/// <summary>
/// A lock-free log-linear histogram of microsecond values: exact below 64 µs, then 32 buckets
/// per power of two (at most ~3 % relative error), the exact maximum kept aside. Any thread may
/// record; reading while others record gives a consistent-enough snapshot for a report.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBucketBits = 5;
    private const int SubBuckets = 1 << SubBucketBits;

    // Index 0..63 exact; after that (shift + 1) * 32 + (top - 32) for shift up to 57 (values < 2^63).
    private readonly long[] _counts = new long[(64 - SubBucketBits + 1) * SubBuckets];
    private long _count;
    private long _sum;
    private long _max;

    /// <summary>Number of recorded values.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Largest recorded value, exact.</summary>
    public long Max => Interlocked.Read(ref _max);

    /// <summary>Mean of the recorded values, or 0.</summary>
    public double Mean
    {
        get
        {
            var count = Count;
            return count == 0 ? 0 : (double)Interlocked.Read(ref _sum) / count;
        }
    }

    /// <summary>Records one value (negative values count as 0).</summary>
    public void Record(long microseconds)
    {
        var value = Math.Max(0, microseconds);
        Interlocked.Increment(ref _counts[IndexOf(value)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sum, value);
        var max = Interlocked.Read(ref _max);
        while (value > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, value, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>
    /// The value at quantile <paramref name="q"/> (0..1): the midpoint of the bucket holding the
    /// ceil(q·count)-th smallest value, capped at the exact maximum; 0 when empty.
    /// </summary>
    public long Percentile(double q)
    {
        var count = Count;
        if (count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(Math.Clamp(q, 0, 1) * count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(ValueOf(i), Max);
            }
        }

        return Max;
    }

    internal static int IndexOf(long value)
    {
        if (value < 2 * SubBuckets)
        {
            return (int)value;
        }

        var msb = 63 - (int)long.LeadingZeroCount(value);
        var shift = msb - SubBucketBits;
        var top = (int)(value >> shift);
        return ((shift + 1) * SubBuckets) + (top - SubBuckets);
    }

    internal static long ValueOf(int index)
    {
        if (index < 2 * SubBuckets)
        {
            return index;
        }

        var shift = (index / SubBuckets) - 1;
        long top = (index % SubBuckets) + SubBuckets;
        var low = top << shift;
        var high = ((top + 1) << shift) - 1;
        return low + ((high - low) / 2);
    }
}
