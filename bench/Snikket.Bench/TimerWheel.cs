namespace Snikket.Bench;

/// <summary>
/// A hashed timer wheel (Varghese and Lauck): items are filed in the slot of their due tick;
/// <see cref="Advance"/> visits each slot between the last visit and now and fires the items
/// that are due, keeping the ones a whole turn or more ahead. Scheduling and firing are O(1)
/// per item whatever the number of timers, and a late tick only means more slots to visit,
/// never a lost or drifting deadline. Single-threaded: one pacer loop owns it.
/// </summary>
/// <typeparam name="T">What is scheduled.</typeparam>
internal sealed class TimerWheel<T>
{
    private readonly List<(long Due, T Item)>[] _slots;
    private readonly int _mask;
    private readonly long _tickLength;
    private List<(long Due, T Item)> _spare = [];
    private long _nextTick;

    /// <param name="start">The timestamp that is tick 0.</param>
    /// <param name="tickLength">Length of one slot, in timestamp units.</param>
    /// <param name="slotCountPowerOfTwo">Number of slots, a power of two.</param>
    public TimerWheel(long start, long tickLength, int slotCountPowerOfTwo)
    {
        if (slotCountPowerOfTwo <= 0 || (slotCountPowerOfTwo & (slotCountPowerOfTwo - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(slotCountPowerOfTwo), "The slot count is a power of two.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(tickLength, 1);
        Start = start;
        _tickLength = tickLength;
        _mask = slotCountPowerOfTwo - 1;
        _slots = new List<(long, T)>[slotCountPowerOfTwo];
        for (var i = 0; i < _slots.Length; i++)
        {
            _slots[i] = [];
        }
    }

    /// <summary>The timestamp of tick 0.</summary>
    public long Start { get; }

    /// <summary>Items scheduled and not fired yet.</summary>
    public int Count { get; private set; }

    /// <summary>Files <paramref name="item"/> to fire at <paramref name="due"/> (a past time fires at the next <see cref="Advance"/>).</summary>
    public void Schedule(long due, T item)
    {
        var tick = Math.Max(TickOf(due), _nextTick);
        _slots[(int)(tick & _mask)].Add((due, item));
        Count++;
    }

    /// <summary>
    /// Fires, in slot order, every item due at or before <paramref name="now"/>. An item may
    /// reschedule itself from <paramref name="fire"/>; if its new time is still due it fires in
    /// the same call.
    /// </summary>
    public void Advance(long now, Action<T, long> fire)
    {
        var lastTick = TickOf(now);
        while (_nextTick <= lastTick)
        {
            var tick = _nextTick;
            var slot = _slots[(int)(tick & _mask)];
            if (slot.Count > 0)
            {
                // Swap the slot out so that items rescheduled into it from fire() are not visited twice.
                var visiting = slot;
                _slots[(int)(tick & _mask)] = _spare;
                _spare = visiting;
                foreach (var (due, item) in visiting)
                {
                    if (TickOf(due) <= tick)
                    {
                        Count--;
                        fire(item, due);
                    }
                    else
                    {
                        // A later turn of the wheel.
                        _slots[(int)(tick & _mask)].Add((due, item));
                    }
                }

                visiting.Clear();
            }

            // Items rescheduled into this tick during fire() are due now: fire them too.
            if (_slots[(int)(tick & _mask)].Count > 0 && HasDue(_slots[(int)(tick & _mask)], tick))
            {
                continue;
            }

            _nextTick = tick + 1;
        }
    }

    private bool HasDue(List<(long Due, T Item)> slot, long tick)
    {
        foreach (var (due, _) in slot)
        {
            if (TickOf(due) <= tick)
            {
                return true;
            }
        }

        return false;
    }

    private long TickOf(long timestamp) => timestamp <= Start ? 0 : (timestamp - Start) / _tickLength;
}
