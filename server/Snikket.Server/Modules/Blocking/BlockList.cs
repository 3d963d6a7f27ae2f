namespace Snikket.Server.Modules.Blocking;

/// <summary>
/// One account's blocked JIDs in memory (XEP-0191), shared by all of the account's sessions, so a
/// session costs nothing more whatever the list's size. Readers take an immutable snapshot without
/// locking; changes build a new one. Entries are canonical JID strings (<see cref="Xmpp.Jid.ToString"/>).
/// </summary>
internal sealed class BlockList
{
    private readonly Lock _gate = new();
    private Snapshot _current;

    public BlockList(IEnumerable<string> jids) => _current = new Snapshot(new HashSet<string>(jids, StringComparer.Ordinal));

    public int Count => Volatile.Read(ref _current).Set.Count;

    /// <summary>The blocked JIDs, sorted (for the blocklist result).</summary>
    public IReadOnlyList<string> Items => [.. Volatile.Read(ref _current).Set.Order(StringComparer.Ordinal)];

    /// <summary>
    /// XEP-0191 §5 (JID matching): whether <paramref name="jid"/>, a canonical JID, is blocked: as
    /// itself, by its bare JID, by its domain and resource, or by its domain.
    /// </summary>
    public bool Blocks(ReadOnlySpan<char> jid)
    {
        var snapshot = Volatile.Read(ref _current);
        if (snapshot.Set.Count == 0)
        {
            return false;
        }

        var lookup = snapshot.Lookup;
        if (lookup.Contains(jid))
        {
            return true;
        }

        var slash = jid.IndexOf('/');
        var bare = slash < 0 ? jid : jid[..slash];
        if (slash >= 0 && lookup.Contains(bare))
        {
            return true;
        }

        var at = bare.IndexOf('@');
        if (at < 0)
        {
            // A domain, or domain/resource: both looked up already.
            return false;
        }

        var domain = bare[(at + 1)..];
        if (slash >= 0 && snapshot.HasDomainWithResource && lookup.Contains(string.Concat(domain, jid[slash..])))
        {
            return true;
        }

        return lookup.Contains(domain);
    }

    /// <summary>Adds what is not there yet, unless the list would then hold more than <paramref name="limit"/>; returns the added JIDs, or null when over the limit.</summary>
    public List<string>? TryAdd(IReadOnlyCollection<string> jids, int limit)
    {
        lock (_gate)
        {
            var set = _current.Set;
            var added = jids.Where(j => !set.Contains(j)).Distinct(StringComparer.Ordinal).ToList();
            if (set.Count + added.Count > limit)
            {
                return null;
            }

            if (added.Count > 0)
            {
                Publish([.. set, .. added]);
            }

            return added;
        }
    }

    /// <summary>Removes the given JIDs; returns those that were there.</summary>
    public List<string> Remove(IReadOnlyCollection<string> jids)
    {
        lock (_gate)
        {
            var set = _current.Set;
            var removed = jids.Where(set.Contains).Distinct(StringComparer.Ordinal).ToList();
            if (removed.Count > 0)
            {
                Publish(set.Except(removed, StringComparer.Ordinal));
            }

            return removed;
        }
    }

    /// <summary>Removes everything; returns what was there.</summary>
    public List<string> Clear()
    {
        lock (_gate)
        {
            var removed = _current.Set.ToList();
            Publish([]);
            return removed;
        }
    }

    private void Publish(IEnumerable<string> jids) =>
        Volatile.Write(ref _current, new Snapshot(new HashSet<string>(jids, StringComparer.Ordinal)));

    private sealed class Snapshot
    {
        public Snapshot(HashSet<string> set)
        {
            Set = set;
            Lookup = set.GetAlternateLookup<ReadOnlySpan<char>>();
            HasDomainWithResource = set.Any(static j => j.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash && j.AsSpan(0, slash).IndexOf('@') < 0);
        }

        public HashSet<string> Set { get; }

        public HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; }

        /// <summary>Whether a domain/resource entry exists, the one form whose lookup needs a new string.</summary>
        public bool HasDomainWithResource { get; }
    }
}
