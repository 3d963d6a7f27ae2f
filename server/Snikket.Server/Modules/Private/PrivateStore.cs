using Microsoft.EntityFrameworkCore;
using Snikket.Server.Storage;

namespace Snikket.Server.Modules.Private;

/// <summary>Data access for <see cref="PrivateFragment"/> rows; nothing else touches the private_xml table.</summary>
internal sealed class PrivateStore(IDbContextFactory<SnikketDb> dbFactory, TimeProvider time)
{
    /// <summary>The stored fragment, or null.</summary>
    public async Task<string?> GetAsync(string username, string ns, string element, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<PrivateFragment>()
            .Where(f => f.Username == username && f.Namespace == ns && f.Element == element)
            .Select(f => f.Content)
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// Stores every fragment, all or none (one transaction). False, and nothing stored, when the
    /// account would then hold more than <paramref name="maxFragments"/>.
    /// </summary>
    public async Task<bool> SetAsync(string username, IReadOnlyList<(string Namespace, string Element, string Content)> fragments, int maxFragments, CancellationToken ct)
    {
        // The same key twice in one request: the later one wins, as two requests in a row would.
        var wanted = new Dictionary<(string, string), string>();
        foreach (var (ns, element, content) in fragments)
        {
            wanted[(ns, element)] = content;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var known = (await db.Set<PrivateFragment>()
                .Where(f => f.Username == username)
                .Select(f => new { f.Namespace, f.Element })
                .ToListAsync(ct))
            .Select(k => (k.Namespace, k.Element))
            .ToHashSet();
        // Not serialisable: two sessions adding at the same moment can pass this check together and
        // end a few fragments over. The limit is against unbounded growth, so that is fine.
        if (known.Count + wanted.Keys.Count(k => !known.Contains(k)) > maxFragments)
        {
            return false;
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        foreach (var ((ns, element), content) in wanted)
        {
            // One statement, the same on SQLite and PostgreSQL: a concurrent insert of the same key
            // by another session becomes an update instead of a failed transaction.
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"""
                INSERT INTO private_xml (username, namespace, element, content, updated_at) VALUES ({username}, {ns}, {element}, {content}, {now})
                ON CONFLICT (username, namespace, element) DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at
                """,
                ct);
        }

        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>How many fragments the account holds.</summary>
    public async Task<int> CountAsync(string username, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<PrivateFragment>().CountAsync(f => f.Username == username, ct);
    }
}
