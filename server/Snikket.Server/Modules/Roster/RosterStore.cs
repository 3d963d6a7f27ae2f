using Microsoft.EntityFrameworkCore;
using Snikket.Server.Hosting;
using Snikket.Server.Storage;
using Snikket.Xmpp;

namespace Snikket.Server.Modules.Roster;

/// <summary>
/// Data access for rosters (RFC 6121 §2), their versions and pending subscription requests.
/// Nothing else touches these tables. Every change to one user's roster runs in a transaction that
/// first locks the user's version row, so concurrent changes (two resources, or a contact's
/// request arriving meanwhile) apply one after the other and each raises the version once.
/// Nothing is cached: idle sessions cost no memory per contact.
/// </summary>
internal sealed class RosterStore(IDbContextFactory<SnikketDb> dbFactory, ServerInfo server, TimeProvider time)
{
    /// <summary>Contacts one roster may hold; more is refused (a family server's rosters are far smaller).</summary>
    public const int MaxItems = 1000;

    /// <summary>Unanswered subscription requests kept per user; later ones are dropped until some are answered.</summary>
    public const int MaxPending = 100;

    /// <summary>The whole roster with its version. The version is read first, so it is never newer than the items.</summary>
    public async Task<(long Version, List<RosterItem> Items)> GetAsync(string username, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var version = await VersionAsync(db, username, ct);
        var items = await db.Set<RosterItem>().AsNoTracking()
            .Where(i => i.Username == username)
            .OrderBy(i => i.Jid)
            .ToListAsync(ct);
        return (version, items);
    }

    /// <summary>The current roster version (0 for a roster that never changed).</summary>
    public async Task<long> VersionAsync(string username, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await VersionAsync(db, username, ct);
    }

    /// <summary>One roster item, or null when the contact is not in the roster.</summary>
    public async Task<RosterItem?> FindAsync(string username, string jid, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<RosterItem>().AsNoTracking().FirstOrDefaultAsync(i => i.Username == username && i.Jid == jid, ct);
    }

    /// <summary>
    /// Whether <paramref name="requester"/> may see <paramref name="account"/>'s presence, and so
    /// what that presence implies (last activity, the account's disco): the account itself, or a
    /// contact it grants its presence to (subscription 'from' or 'both', RFC 6121 §3).
    /// </summary>
    public async Task<bool> MaySeePresenceAsync(Jid account, Jid requester, CancellationToken ct) =>
        requester.Bare == account.Bare
        || await FindAsync(account.Local!, requester.Bare.ToString(), ct) is { HasFrom: true };

    /// <summary>
    /// The bare JIDs of contacts whose subscription includes <paramref name="direction"/>:
    /// <see cref="Subscription.From"/> for those who get the user's presence, <see cref="Subscription.To"/>
    /// for those whose presence the user gets.
    /// </summary>
    public async Task<List<string>> ContactsAsync(string username, Subscription direction, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<RosterItem>().AsNoTracking()
            .Where(i => i.Username == username && (i.Subscription == direction || i.Subscription == Subscription.Both))
            .Select(i => i.Jid)
            .ToListAsync(ct);
    }

    /// <summary>
    /// The local users whose roster gives <paramref name="jid"/> their presence (their item for it
    /// has 'from'): whose presence a probe from <paramref name="jid"/> may see (RFC 6121 §4.3.2).
    /// </summary>
    public async Task<List<string>> SharingWithAsync(string jid, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<RosterItem>().AsNoTracking()
            .Where(i => i.Jid == jid && (i.Subscription == Subscription.From || i.Subscription == Subscription.Both))
            .Select(i => i.Username)
            .ToListAsync(ct);
    }

    /// <summary>The user's unanswered subscription requests (serialised stanzas), oldest first.</summary>
    public async Task<List<string>> PendingRequestsAsync(string username, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<PendingSubscription>().AsNoTracking()
            .Where(p => p.Username == username)
            .OrderBy(p => p.CreatedAt).ThenBy(p => p.Jid)
            .Select(p => p.Stanza)
            .ToListAsync(ct);
    }

    /// <summary>
    /// Loads one contact's entry in <paramref name="username"/>'s roster, lets <paramref name="edit"/>
    /// change it, and saves what changed in one transaction; the version rises when the item changed.
    /// A new item beyond <see cref="MaxItems"/>, or a new request beyond <see cref="MaxPending"/>, is
    /// refused and nothing is saved.
    /// </summary>
    public async Task<RosterChange> UpdateAsync(string username, string jid, Action<RosterEntry> edit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var version = await LockAsync(db, username, ct);
        var item = await db.Set<RosterItem>().FirstOrDefaultAsync(i => i.Username == username && i.Jid == jid, ct);
        var pending = await db.Set<PendingSubscription>().FirstOrDefaultAsync(p => p.Username == username && p.Jid == jid, ct);
        var before = item?.Copy();
        var entry = new RosterEntry(username, jid, item, pending?.Stanza);

        edit(entry);

        var after = entry.Item?.Copy();
        var change = new RosterChange(before, after, pending?.Stanza != entry.PendingRequest, version.Version);
        if (!change.ItemChanged && !change.PendingChanged)
        {
            return change;
        }

        if (item is null && after is not null && await db.Set<RosterItem>().CountAsync(i => i.Username == username, ct) >= MaxItems)
        {
            return change with { After = before, PendingChanged = false, Refused = true };
        }

        if (pending is null && entry.PendingRequest is not null && await db.Set<PendingSubscription>().CountAsync(p => p.Username == username, ct) >= MaxPending)
        {
            return change with { After = before, PendingChanged = false, Refused = true };
        }

        SaveItem(db, item, entry.Item);
        SavePending(db, pending, entry);
        if (change.ItemChanged)
        {
            version.Version++;
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return change with { Version = version.Version };
    }

    /// <summary>
    /// Forgets an account's roster and requests, and removes it from every other roster and request
    /// list (the account deletion of RFC 6121 has no protocol; contacts just lose it). Returns the
    /// users whose rosters lost the account, with their new versions, so they can be pushed the removal.
    /// The account's version row stays (raised), so a re-created account starts past any old 'ver'.
    /// </summary>
    public async Task<List<(string Username, long Version)>> DeleteAccountAsync(string username, CancellationToken ct)
    {
        var jid = $"{username}@{server.Domain}";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var owners = await db.Set<RosterItem>()
            .Where(i => i.Jid == jid && i.Username != username)
            .Select(i => i.Username)
            .OrderBy(u => u)
            .ToListAsync(ct);

        // Lock the versions before touching anyone's items: an edit holds its owner's version row
        // before its item rows, so taking them in the same order cannot deadlock.
        var versions = new List<(string Username, long Version)>();
        foreach (var owner in owners.Append(username))
        {
            var version = await LockAsync(db, owner, ct);
            version.Version++;
            versions.Add((owner, version.Version));
        }

        await db.Set<RosterItem>().Where(i => i.Username == username || i.Jid == jid).ExecuteDeleteAsync(ct);
        await db.Set<PendingSubscription>().Where(p => p.Username == username || p.Jid == jid).ExecuteDeleteAsync(ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        versions.RemoveAt(versions.Count - 1);
        return versions;
    }

    private static async Task<long> VersionAsync(SnikketDb db, string username, CancellationToken ct) =>
        await db.Set<RosterVersion>().AsNoTracking()
            .Where(v => v.Username == username)
            .Select(v => (long?)v.Version)
            .FirstOrDefaultAsync(ct) ?? 0;

    /// <summary>
    /// Makes sure the user's version row exists and locks it for the rest of the transaction
    /// (PostgreSQL: a row lock; SQLite: the transaction already holds the database's write lock).
    /// </summary>
    private static async Task<RosterVersion> LockAsync(SnikketDb db, string username, CancellationToken ct)
    {
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO roster_versions (username, version) VALUES ({username}, 0) ON CONFLICT (username) DO NOTHING", ct);
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE roster_versions SET version = version WHERE username = {username}", ct);
        return await db.Set<RosterVersion>().FirstAsync(v => v.Username == username, ct);
    }

    private static void SaveItem(SnikketDb db, RosterItem? stored, RosterItem? edited)
    {
        if (stored is not null && edited is null)
        {
            db.Remove(stored);
        }
        else if (stored is null && edited is not null)
        {
            db.Add(edited);
        }
        else if (stored is not null && edited is not null && !ReferenceEquals(stored, edited))
        {
            stored.Name = edited.Name;
            stored.Subscription = edited.Subscription;
            stored.Ask = edited.Ask;
            stored.Approved = edited.Approved;
            stored.Groups = [.. edited.Groups];
        }
    }

    private void SavePending(SnikketDb db, PendingSubscription? stored, RosterEntry entry)
    {
        if (stored is not null && entry.PendingRequest is null)
        {
            db.Remove(stored);
        }
        else if (stored is null && entry.PendingRequest is not null)
        {
            db.Add(new PendingSubscription { Username = entry.Username, Jid = entry.Jid, Stanza = entry.PendingRequest, CreatedAt = time.GetUtcNow().ToUnixTimeSeconds() });
        }
        else if (stored is not null && entry.PendingRequest is not null)
        {
            stored.Stanza = entry.PendingRequest;
        }
    }
}
