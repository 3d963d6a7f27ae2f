using System.Collections.Concurrent;

namespace Snikket.Server.Modules.Offline;

/// <summary>
/// Counts messages per (recipient, sender) in fixed one-minute windows, in memory: a restart
/// forgets the counts, which only means a flooder gets one more minute's allowance.
/// </summary>
internal sealed class FloodGate(int perMinute)
{
    private const long Window = 60_000;

    private readonly ConcurrentDictionary<(string Recipient, string Sender), Counter> _counters = new();

    /// <summary>Counts one message; false when the pair has used up this minute's allowance.</summary>
    public bool TryAdmit(string recipient, string sender, long now)
    {
        var counter = _counters.GetOrAdd((recipient, sender), static _ => new Counter());
        lock (counter)
        {
            if (now - counter.Start >= Window)
            {
                counter.Start = now;
                counter.Count = 0;
            }

            if (counter.Count >= perMinute)
            {
                return false;
            }

            counter.Count++;
            return true;
        }
    }

    /// <summary>Forgets pairs whose window has passed, so memory follows current activity only.</summary>
    public void Prune(long now)
    {
        foreach (var (key, counter) in _counters)
        {
            if (now - Volatile.Read(ref counter.Start) >= Window)
            {
                _counters.TryRemove(new KeyValuePair<(string, string), Counter>(key, counter));
            }
        }
    }

    private sealed class Counter
    {
        public long Start = long.MinValue / 2;
        public int Count;
    }
}
