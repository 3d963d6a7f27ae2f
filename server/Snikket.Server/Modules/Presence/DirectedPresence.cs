namespace Snikket.Server.Modules.Presence;

/// <summary>
/// RFC 6121 §4.6: the addresses one session sent available presence to directly, outside its
/// subscriptions, so they can be told when it goes unavailable (§4.6.3). Per session and bounded;
/// beyond the bound a target still gets the presence, it just is not told of the unavailable.
/// </summary>
internal sealed class DirectedPresence
{
    /// <summary>Targets remembered per session (group chats joined, mostly).</summary>
    public const int MaxTargets = 256;

    private readonly Lock _lock = new();
    private HashSet<string>? _targets;

    /// <summary>Remembers a target; false when the set is full.</summary>
    public bool Add(string jid)
    {
        lock (_lock)
        {
            _targets ??= new HashSet<string>(StringComparer.Ordinal);
            if (_targets.Count >= MaxTargets && !_targets.Contains(jid))
            {
                return false;
            }

            _targets.Add(jid);
            return true;
        }
    }

    public void Remove(string jid)
    {
        lock (_lock)
        {
            _targets?.Remove(jid);
        }
    }

    /// <summary>Every remembered target, forgetting them.</summary>
    public List<string> TakeAll()
    {
        lock (_lock)
        {
            var all = _targets is null ? [] : _targets.ToList();
            _targets = null;
            return all;
        }
    }
}
