using Microsoft.EntityFrameworkCore;
using Snikket.Server.Storage;

namespace Snikket.Server.Modules.Vcard;

/// <summary>Data access for <see cref="StoredVcard"/> rows; nothing else touches the vcards table.</summary>
internal sealed class VcardStore(IDbContextFactory<SnikketDb> dbFactory, TimeProvider time)
{
    /// <summary>The stored vCard XML, or null when the account has none.</summary>
    public async Task<string?> GetAsync(string username, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<StoredVcard>().Where(v => v.Username == username).Select(v => v.Content).FirstOrDefaultAsync(ct);
    }

    /// <summary>Stores (or replaces) the account's vCard.</summary>
    public async Task SetAsync(string username, string content, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        // One statement, the same on SQLite and PostgreSQL: two sessions publishing at once cannot
        // both try to insert (last writer wins, as for any set).
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO vcards (username, content, updated_at) VALUES ({username}, {content}, {now})
            ON CONFLICT (username) DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at
            """,
            ct);
    }

    /// <summary>Removes the account's vCard, if any.</summary>
    public async Task DeleteAsync(string username, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Set<StoredVcard>().Where(v => v.Username == username).ExecuteDeleteAsync(ct);
    }
}
