using Microsoft.EntityFrameworkCore;
using Snikket.Server.Storage;

namespace Snikket.Server.Modules.LastActivity;

/// <summary>Data access for <see cref="LastLogout"/> rows; nothing else touches the last_activity table.</summary>
internal sealed class LastActivityStore(IDbContextFactory<SnikketDb> dbFactory)
{
    /// <summary>The account's last logout, or null when it never logged out (or has no account).</summary>
    public async Task<LastLogout?> GetAsync(string username, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<LastLogout>().AsNoTracking().FirstOrDefaultAsync(l => l.Username == username, ct);
    }

    /// <summary>Records a logout, replacing the previous one.</summary>
    public async Task RecordAsync(string username, DateTimeOffset at, string? status, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var seconds = at.ToUnixTimeSeconds();
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO last_activity (username, logout_at, status) VALUES ({username}, {seconds}, {status})
            ON CONFLICT (username) DO UPDATE SET logout_at = excluded.logout_at, status = excluded.status
            """,
            ct);
    }
}
