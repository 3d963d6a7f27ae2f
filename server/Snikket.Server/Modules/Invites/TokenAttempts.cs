using System.Net;

namespace Snikket.Server.Modules.Invites;

/// <summary>
/// Failed invite-token tries per IP address, in fixed windows, so guessing tokens over many
/// connections from one address stops after a few (a 192-bit token cannot be guessed anyway; this
/// keeps the attempts from costing database work). Bounded: when full, expired windows are
/// dropped, and if that frees nothing the table starts over — a flood of addresses cannot exhaust
/// memory, and each address still needs a fresh window's worth of failures to be stopped again.
/// </summary>
internal sealed class TokenAttempts(InvitesOptions options, TimeProvider time)
{
    public const int MaxAddresses = 10_000;

    private readonly Dictionary<IPAddress, (int Failures, long WindowStart)> _failures = [];
    private readonly Lock _lock = new();

    /// <summary>True when <paramref name="address"/> has used up its failures in the current window.</summary>
    public bool IsBlocked(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        lock (_lock)
        {
            return _failures.TryGetValue(address, out var entry)
                && !Expired(entry.WindowStart)
                && entry.Failures >= options.MaxTokenFailuresPerAddress;
        }
    }

    /// <summary>Counts a failed try from <paramref name="address"/>.</summary>
    public void Fail(IPAddress? address)
    {
        if (address is null)
        {
            return;
        }

        lock (_lock)
        {
            if (_failures.TryGetValue(address, out var entry) && !Expired(entry.WindowStart))
            {
                _failures[address] = (entry.Failures + 1, entry.WindowStart);
                return;
            }

            if (_failures.Count >= MaxAddresses)
            {
                foreach (var key in _failures.Where(kv => Expired(kv.Value.WindowStart)).Select(kv => kv.Key).ToList())
                {
                    _failures.Remove(key);
                }

                if (_failures.Count >= MaxAddresses)
                {
                    _failures.Clear();
                }
            }

            _failures[address] = (1, time.GetTimestamp());
        }
    }

    private bool Expired(long windowStart) => time.GetElapsedTime(windowStart) >= options.FailureWindow;
}
