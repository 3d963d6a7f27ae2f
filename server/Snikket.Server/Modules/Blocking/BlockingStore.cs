using Microsoft.EntityFrameworkCore;
using Snikket.Server.Storage;
using Snikket.Xmpp;

namespace Snikket.Server.Modules.Blocking;

/// <summary>
/// Data access for block lists (XEP-0191) and abuse reports (XEP-0377); nothing else touches the
/// <c>blocklist</c> and <c>abuse_reports</c> tables. JIDs are stored canonical.
/// </summary>
internal sealed class BlockingStore(IDbContextFactory<SnikketDb> dbFactory, TimeProvider time)
{
    /// <summary>The four JIDs that would block <paramref name="jid"/> (XEP-0191 §5), without duplicates.</summary>
    public static string[] Candidates(Jid jid)
    {
        var domain = jid.Domain;
        return (jid.Local, jid.Resource) switch
        {
            (null, null) => [domain],
            (null, not null) => [jid.ToString(), domain],
            ({ }, null) => [jid.ToString(), domain],
            (_, { } resource) => [jid.ToString(), jid.Bare.ToString(), domain + "/" + resource, domain],
        };
    }

    /// <summary>A user's blocked JIDs.</summary>
    public async Task<List<string>> ListAsync(string username, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<BlockedJid>().AsNoTracking().Where(b => b.Username == username).Select(b => b.Jid).ToListAsync(ct);
    }

    /// <summary>Whether one of <paramref name="candidates"/> is on the user's list.</summary>
    public async Task<bool> BlocksAsync(string username, string[] candidates, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<BlockedJid>().AnyAsync(b => b.Username == username && candidates.Contains(b.Jid), ct);
    }

    /// <summary>Adds JIDs that are not on the list yet (the caller checked, under the list's lock).</summary>
    public async Task AddAsync(string username, IReadOnlyCollection<string> jids, CancellationToken ct)
    {
        if (jids.Count == 0)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.AddRange(jids.Select(jid => new BlockedJid { Username = username, Jid = jid }));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Removes the given JIDs from the list.</summary>
    public async Task RemoveAsync(string username, IReadOnlyCollection<string> jids, CancellationToken ct)
    {
        if (jids.Count == 0)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Set<BlockedJid>().Where(b => b.Username == username && jids.Contains(b.Jid)).ExecuteDeleteAsync(ct);
    }

    /// <summary>Empties the user's list (unblock all, or a deleted account).</summary>
    public async Task ClearAsync(string username, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Set<BlockedJid>().Where(b => b.Username == username).ExecuteDeleteAsync(ct);
    }

    /// <summary>Keeps a report, replacing an earlier one by the same reporter about the same JID.</summary>
    public async Task ReportAsync(string reporter, string jid, string reason, string? text, string? stanzaIds, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Set<AbuseReport>().Where(r => r.Reporter == reporter && r.Jid == jid).ExecuteDeleteAsync(ct);
        db.Add(new AbuseReport
        {
            Reporter = reporter,
            Jid = jid,
            Reason = reason,
            Text = text,
            StanzaIds = stanzaIds,
            CreatedAt = time.GetUtcNow().ToUnixTimeSeconds(),
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Every report, oldest first (for administrators).</summary>
    public async Task<List<AbuseReport>> ReportsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<AbuseReport>().AsNoTracking().OrderBy(r => r.Id).ToListAsync(ct);
    }
}
