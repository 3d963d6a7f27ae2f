using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Snikket.Server.Storage;

namespace Snikket.Server.Modules.AdminApi;

/// <summary>
/// Data access for <see cref="AccountActivity"/>: noted in memory when a session binds and when it
/// ends (so an account online for days still shows as active), written out every minute and before
/// every read, so a login never waits for this write (and a busy login burst writes each account once).
/// </summary>
internal sealed class ActivityStore(IDbContextFactory<SnikketDb> dbFactory)
{
    private readonly ConcurrentDictionary<string, long> _pending = new(StringComparer.Ordinal);

    /// <summary>Notes that <paramref name="username"/> was active at <paramref name="now"/> (Unix seconds); cheap, no I/O.</summary>
    public void Record(string username, long now) => _pending.AddOrUpdate(username, now, (_, old) => Math.Max(old, now));

    /// <summary>Writes what <see cref="Record"/> noted.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        foreach (var username in _pending.Keys)
        {
            if (_pending.TryRemove(username, out var when))
            {
                await TouchAsync(username, when, ct);
            }
        }
    }

    private async Task TouchAsync(string username, long now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var updated = await db.Set<AccountActivity>()
            .Where(a => a.Username == username)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.LastActive, a => a.LastActive > now ? a.LastActive : now), ct);
        if (updated > 0)
        {
            return;
        }

        db.Add(new AccountActivity { Username = username, LastActive = now });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A second session of the same account inserted first; its time is as good as ours.
        }
    }

    public async Task<Dictionary<string, long>> AllAsync(CancellationToken ct)
    {
        await FlushAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<AccountActivity>().AsNoTracking().ToDictionaryAsync(a => a.Username, a => a.LastActive, StringComparer.Ordinal, ct);
    }

    public async Task<long?> LastActiveAsync(string username, CancellationToken ct)
    {
        await FlushAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<AccountActivity>().Where(a => a.Username == username).Select(a => (long?)a.LastActive).FirstOrDefaultAsync(ct);
    }

    /// <summary>Accounts active at or after <paramref name="since"/> (Unix seconds).</summary>
    public async Task<int> CountSinceAsync(long since, CancellationToken ct)
    {
        await FlushAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<AccountActivity>().CountAsync(a => a.LastActive >= since, ct);
    }

    public async Task ForgetAsync(string username, CancellationToken ct)
    {
        _pending.TryRemove(username, out _);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Set<AccountActivity>().Where(a => a.Username == username).ExecuteDeleteAsync(ct);
    }
}
