using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Snikket.Server.Storage;

namespace Snikket.Server.Modules.Mam;

/// <summary>
/// Data access for the archive and the archiving preferences; nothing else touches the
/// <c>archive</c> and <c>archive_prefs</c> tables. Rows are appended through the
/// <see cref="GroupCommitWriter"/> (durable when the call returns); queries go through EF.
/// </summary>
internal sealed class MamStore(IDbContextFactory<SnikketDb> dbFactory, GroupCommitWriter writer)
{
    private readonly ArchiveTable _table = new();

    // Preferences are consulted for every archived message, so they are cached per account (a
    // user without preferences shares the default instance). Bounded by the number of accounts
    // that exchange messages, and a few hundred bytes each.
    private readonly ConcurrentDictionary<string, ArchivePolicy> _policies = new(StringComparer.Ordinal);

    /// <summary>Stores messages (one or two archives' rows) and returns once they are committed; their ids are then set.</summary>
    public ValueTask AppendAsync(ArchivedMessage[] rows, CancellationToken ct) => writer.WriteAsync(_table, rows, ct);

    /// <summary>A user's archiving preferences (the default when they never set any).</summary>
    public async ValueTask<ArchivePolicy> GetPolicyAsync(string owner, CancellationToken ct)
    {
        if (_policies.TryGetValue(owner, out var cached))
        {
            return cached;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Set<ArchivePreferences>().AsNoTracking().FirstOrDefaultAsync(p => p.Owner == owner, ct);
        var policy = row is null ? ArchivePolicy.Default : ArchivePolicy.FromRow(row);
        return _policies.GetOrAdd(owner, policy);
    }

    /// <summary>Replaces a user's preferences.</summary>
    public async Task SetPolicyAsync(string owner, ArchivePolicy policy, CancellationToken ct)
    {
        var row = policy.ToRow(owner);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Set<ArchivePreferences>().Where(p => p.Owner == owner).ExecuteDeleteAsync(ct);
        db.Add(row);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        _policies[owner] = policy;
    }

    /// <summary>Whether every id in <paramref name="ids"/> is in the user's archive.</summary>
    public async Task<bool> ContainsAllAsync(string owner, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return true;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.Set<ArchivedMessage>().CountAsync(m => m.Owner == owner && ids.Contains(m.Id), ct);
        return found == ids.Count;
    }

    /// <summary>One page of the user's archive (XEP-0313 §4, XEP-0059 §2).</summary>
    public async Task<ArchivePage> QueryAsync(string owner, ArchiveQuery query, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var matching = Filter(db.Set<ArchivedMessage>().AsNoTracking(), owner, query);
        var count = await matching.CountAsync(ct);
        if (query.Max == 0)
        {
            // XEP-0059 §2.7: max 0 asks for the count alone.
            return new ArchivePage([], count == 0, count, 0);
        }

        List<ArchivedMessage> items;
        if (query.Backward)
        {
            var page = query.PageBefore is { } before ? matching.Where(m => m.Id < before) : matching;
            items = await page.OrderByDescending(m => m.Id).Take(query.Max + 1).ToListAsync(ct);
        }
        else
        {
            var page = query.PageAfter is { } after ? matching.Where(m => m.Id > after) : matching;
            items = await page.OrderBy(m => m.Id).Take(query.Max + 1).ToListAsync(ct);
        }

        // One more than asked for tells whether another page follows, without a second query.
        var complete = items.Count <= query.Max;
        if (!complete)
        {
            items.RemoveAt(items.Count - 1);
        }

        if (query.Backward)
        {
            items.Reverse();
        }

        var index = 0;
        if (items.Count > 0)
        {
            if (query.Backward && query.PageBefore is null)
            {
                index = count - items.Count;
            }
            else if (query.Backward || query.PageAfter is not null)
            {
                var first = items[0].Id;
                index = await matching.CountAsync(m => m.Id < first, ct);
            }
        }

        return new ArchivePage(items, complete, count, index);
    }

    /// <summary>The first and last messages of a user's archive (XEP-0313 §5), or nulls when it is empty.</summary>
    public async Task<(ArchivedMessage? First, ArchivedMessage? Last)> BoundsAsync(string owner, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var archive = db.Set<ArchivedMessage>().AsNoTracking().Where(m => m.Owner == owner);
        var first = await archive.OrderBy(m => m.Id).FirstOrDefaultAsync(ct);
        var last = first is null ? null : await archive.OrderByDescending(m => m.Id).FirstOrDefaultAsync(ct);
        return (first, last);
    }

    /// <summary>
    /// Deletes at most <paramref name="batch"/> of the oldest messages received before
    /// <paramref name="cutoff"/> (Unix milliseconds) from every archive; returns how many. Oldest by
    /// id, which is what XEP-0313 §3.2 requires: expiry never leaves a hole in an archive.
    /// </summary>
    public async Task<int> ExpireAsync(long cutoff, int batch, CancellationToken ct)
    {
        var below = ArchiveIds.FirstAt(cutoff);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var oldest = db.Set<ArchivedMessage>().Where(m => m.Id < below).OrderBy(m => m.Id).Take(batch).Select(m => m.Id);
        return await db.Set<ArchivedMessage>().Where(m => oldest.Contains(m.Id)).ExecuteDeleteAsync(ct);
    }

    /// <summary>Removes everything kept for an account.</summary>
    public async Task DeleteAccountAsync(string owner, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Set<ArchivedMessage>().Where(m => m.Owner == owner).ExecuteDeleteAsync(ct);
        await db.Set<ArchivePreferences>().Where(p => p.Owner == owner).ExecuteDeleteAsync(ct);
        _policies.TryRemove(owner, out _);
    }

    private static IQueryable<ArchivedMessage> Filter(IQueryable<ArchivedMessage> rows, string owner, ArchiveQuery query)
    {
        rows = rows.Where(m => m.Owner == owner);
        if (query.With is { } with)
        {
            // XEP-0313 §4.1.1: a bare JID matches all its resources; a full JID only itself.
            var bare = with.Bare.ToString();
            rows = rows.Where(m => m.WithBare == bare);
            if (with.Resource is { } resource)
            {
                rows = rows.Where(m => m.WithResource == resource);
            }
        }

        if (query.Start is { } start)
        {
            // An id is never below its message's time (ArchiveIds), so the id bound is implied by
            // the stamp bound; it is there for the (owner, id) index.
            var first = ArchiveIds.FirstAt(start);
            rows = rows.Where(m => m.Stamp >= start && m.Id >= first);
        }

        if (query.End is { } end)
        {
            rows = rows.Where(m => m.Stamp <= end);
        }

        if (query.AfterId is { } afterId)
        {
            rows = rows.Where(m => m.Id > afterId);
        }

        if (query.BeforeId is { } beforeId)
        {
            rows = rows.Where(m => m.Id < beforeId);
        }

        if (query.Ids is { } ids)
        {
            rows = rows.Where(m => ids.Contains(m.Id));
        }

        return rows;
    }
}
