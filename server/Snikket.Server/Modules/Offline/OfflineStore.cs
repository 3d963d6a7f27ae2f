using Microsoft.EntityFrameworkCore;
using Snikket.Server.Storage;

namespace Snikket.Server.Modules.Offline;

/// <summary>
/// Data access for <see cref="OfflineMessage"/> rows; nothing else touches the offline_messages
/// table. Rows are added through the <see cref="GroupCommitWriter"/>, so a stored message is
/// durable before the sender's stanza counts as handled.
/// </summary>
internal sealed class OfflineStore(IDbContextFactory<SnikketDb> dbFactory, GroupCommitWriter writer)
{
    private readonly OfflineTable _table = new();

    /// <summary>Stores messages and returns once they are committed.</summary>
    public ValueTask AddAsync(OfflineMessage[] rows, CancellationToken ct) => writer.WriteAsync(_table, rows, ct);

    /// <summary>How many messages wait for an account.</summary>
    public async Task<int> CountAsync(string owner, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<OfflineMessage>().CountAsync(m => m.Owner == owner, ct);
    }

    /// <summary>The next <paramref name="limit"/> messages for an account after <paramref name="afterId"/>, oldest first.</summary>
    public async Task<List<OfflineMessage>> NextAsync(string owner, long afterId, int limit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<OfflineMessage>().AsNoTracking()
            .Where(m => m.Owner == owner && m.Id > afterId)
            .OrderBy(m => m.Id)
            .Take(limit)
            .ToListAsync(ct);
    }

    /// <summary>Deletes delivered messages.</summary>
    public async Task DeleteAsync(string owner, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Set<OfflineMessage>().Where(m => m.Owner == owner && ids.Contains(m.Id)).ExecuteDeleteAsync(ct);
    }

    /// <summary>Removes everything kept for an account.</summary>
    public async Task DeleteAccountAsync(string owner, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Set<OfflineMessage>().Where(m => m.Owner == owner).ExecuteDeleteAsync(ct);
    }
}
