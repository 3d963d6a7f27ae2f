using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Snikket.Server.Storage;
using Snikket.Xmpp.Sasl;

namespace Snikket.Server.Accounts;

/// <summary>
/// Data access for <see cref="Account"/> rows. Usernames given here are already-prepared JID
/// localparts (see <see cref="Snikket.Xmpp.Jid"/>); nothing else touches the accounts table.
/// Changes that could leave the server without an admin run in serializable transactions (retried
/// when PostgreSQL reports a conflict), so two admins demoting each other at once cannot both win.
/// </summary>
internal sealed class AccountStore(IDbContextFactory<SnikketDb> dbFactory, TimeProvider time)
{
    /// <summary>PostgreSQL's serialization_failure: a serializable transaction lost a race and may be retried.</summary>
    private const string SerializationFailure = "40001";

    /// <summary>Creates a normal account; false when the username is taken.</summary>
    public async Task<bool> CreateAsync(string username, string password, int iterations, CancellationToken ct) =>
        await CreateAsync(username, password, iterations, AccountRole.Normal, null, ct) == AccountCreation.Created;

    /// <summary>
    /// Creates an account with <paramref name="role"/>. When <paramref name="claim"/> is given it runs
    /// first, in the same transaction (consuming an invite): if it refuses, or the name is taken,
    /// nothing is written. The SCRAM keys are derived before the transaction, so the lock is short.
    /// </summary>
    public async Task<AccountCreation> CreateAsync(string username, string password, int iterations, AccountRole role, AccountClaim? claim, CancellationToken ct)
    {
        var account = new Account
        {
            Username = username,
            CreatedAt = time.GetUtcNow().ToUnixTimeSeconds(),
            Role = role,
            ScramSha1Salt = [], ScramSha1Iterations = 0, ScramSha1StoredKey = [], ScramSha1ServerKey = [],
            ScramSha256Salt = [], ScramSha256Iterations = 0, ScramSha256StoredKey = [], ScramSha256ServerKey = [],
        };
        SetCredentials(account, password, iterations);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The claim's UPDATE comes first: on PostgreSQL it locks the invite row, so concurrent uses
        // of one invite queue behind it and then find it used up; on SQLite the transaction holds
        // the write lock from its start (BEGIN IMMEDIATE).
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (claim is not null && !await claim(db, ct))
        {
            await tx.RollbackAsync(ct);
            return AccountCreation.ClaimRefused;
        }

        if (await db.Set<Account>().AnyAsync(a => a.Username == username, ct))
        {
            await tx.RollbackAsync(ct);
            return AccountCreation.Taken;
        }

        db.Add(account);
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return AccountCreation.Created;
        }
        catch (DbUpdateException)
        {
            // Lost a race with a concurrent create of the same name: the primary key decided.
            await tx.RollbackAsync(CancellationToken.None);
            return AccountCreation.Taken;
        }
    }

    /// <summary>Replaces the credentials; false when there is no such account.</summary>
    public async Task<bool> SetPasswordAsync(string username, string password, int iterations, CancellationToken ct) =>
        await SetPasswordAsync(username, password, iterations, null, ct) == AccountChange.Done;

    /// <summary>
    /// Replaces the credentials, together with <paramref name="claim"/> (a password-reset invite):
    /// <see cref="AccountChange.NotFound"/> when there is no such account or the claim refused.
    /// </summary>
    public async Task<AccountChange> SetPasswordAsync(string username, string password, int iterations, AccountClaim? claim, CancellationToken ct)
    {
        var scratch = new Account
        {
            Username = username, CreatedAt = 0,
            ScramSha1Salt = [], ScramSha1Iterations = 0, ScramSha1StoredKey = [], ScramSha1ServerKey = [],
            ScramSha256Salt = [], ScramSha256Iterations = 0, ScramSha256StoredKey = [], ScramSha256ServerKey = [],
        };
        SetCredentials(scratch, password, iterations);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (claim is not null && !await claim(db, ct))
        {
            await tx.RollbackAsync(ct);
            return AccountChange.NotFound;
        }

        var changed = await db.Set<Account>().Where(a => a.Username == username).ExecuteUpdateAsync(
            set => set
                .SetProperty(a => a.ScramSha1Salt, scratch.ScramSha1Salt)
                .SetProperty(a => a.ScramSha1Iterations, scratch.ScramSha1Iterations)
                .SetProperty(a => a.ScramSha1StoredKey, scratch.ScramSha1StoredKey)
                .SetProperty(a => a.ScramSha1ServerKey, scratch.ScramSha1ServerKey)
                .SetProperty(a => a.ScramSha256Salt, scratch.ScramSha256Salt)
                .SetProperty(a => a.ScramSha256Iterations, scratch.ScramSha256Iterations)
                .SetProperty(a => a.ScramSha256StoredKey, scratch.ScramSha256StoredKey)
                .SetProperty(a => a.ScramSha256ServerKey, scratch.ScramSha256ServerKey),
            ct);
        if (changed == 0)
        {
            await tx.RollbackAsync(ct);
            return AccountChange.NotFound;
        }

        await tx.CommitAsync(ct);
        return AccountChange.Done;
    }

    /// <summary>Deletes the account at once, whatever its role; false when there was none. Callers publish <see cref="AccountDeleted"/>.</summary>
    public async Task<bool> DeleteAsync(string username, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<Account>().Where(a => a.Username == username).ExecuteDeleteAsync(ct) > 0;
    }

    /// <summary>Deletes the account at once unless it is the last admin who can log in.</summary>
    public Task<AccountChange> DeleteGuardedAsync(string username, CancellationToken ct) =>
        GuardedAsync(username, account => account.Role == AccountRole.Admin, (db, account) =>
        {
            db.Remove(account);
            return true;
        }, ct);

    public async Task<bool> ExistsAsync(string username, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<Account>().AnyAsync(a => a.Username == username, ct);
    }

    /// <summary>All usernames, sorted.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<Account>().OrderBy(a => a.Username).Select(a => a.Username).ToListAsync(ct);
    }

    /// <summary>Every account's public data, sorted by username.</summary>
    public async Task<IReadOnlyList<AccountInfo>> ListInfoAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var accounts = await db.Set<Account>().AsNoTracking().OrderBy(a => a.Username).ToListAsync(ct);
        return [.. accounts.Select(AccountInfo.From)];
    }

    /// <summary>One account's public data, or null.</summary>
    public async Task<AccountInfo?> GetAsync(string username, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var account = await db.Set<Account>().AsNoTracking().FirstOrDefaultAsync(a => a.Username == username, ct);
        return account is null ? null : AccountInfo.From(account);
    }

    /// <summary>The account's role, or null when it does not exist.</summary>
    public async Task<AccountRole?> GetRoleAsync(string username, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<Account>().Where(a => a.Username == username).Select(a => (AccountRole?)a.Role).FirstOrDefaultAsync(ct);
    }

    /// <summary>The SCRAM credential for one hash function, or null when the account does not exist.</summary>
    public async Task<ScramCredential?> GetCredentialAsync(string username, ScramHash hash, CancellationToken ct) =>
        (await GetLoginAsync(username, hash, ct))?.Credential;

    /// <summary>
    /// What a login needs: the SCRAM credential for one hash function, and whether the account is
    /// disabled (locked or waiting to be deleted). Null when the account does not exist.
    /// </summary>
    public async Task<(ScramCredential Credential, bool Disabled)?> GetLoginAsync(string username, ScramHash hash, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var account = await db.Set<Account>().AsNoTracking().FirstOrDefaultAsync(a => a.Username == username, ct);
        if (account is null)
        {
            return null;
        }

        var credential = hash == ScramHash.Sha1
            ? new ScramCredential(hash, account.ScramSha1Salt, account.ScramSha1Iterations, account.ScramSha1StoredKey, account.ScramSha1ServerKey)
            : new ScramCredential(hash, account.ScramSha256Salt, account.ScramSha256Iterations, account.ScramSha256StoredKey, account.ScramSha256ServerKey);
        return (credential, account.Locked || account.DeleteAfter is not null);
    }

    /// <summary>Sets the role; refuses to demote the last admin who can log in.</summary>
    public Task<AccountChange> SetRoleAsync(string username, AccountRole role, CancellationToken ct) =>
        GuardedAsync(username, account => account.Role == AccountRole.Admin && role != AccountRole.Admin, (_, account) =>
        {
            var changed = account.Role != role;
            account.Role = role;
            return changed;
        }, ct);

    /// <summary>Locks or unlocks the account; refuses to lock the last admin who can log in.</summary>
    public Task<AccountChange> SetLockedAsync(string username, bool locked, CancellationToken ct) =>
        GuardedAsync(username, account => locked && account.Role == AccountRole.Admin, (_, account) =>
        {
            var changed = account.Locked != locked;
            account.Locked = locked;
            return changed;
        }, ct);

    /// <summary>
    /// Marks the account for deletion after <paramref name="deleteAfter"/> (it cannot log in
    /// meanwhile); refuses for the last admin who can log in. Asking again keeps the first date.
    /// </summary>
    public Task<AccountChange> RequestDeletionAsync(string username, DateTimeOffset deleteAfter, CancellationToken ct) =>
        GuardedAsync(username, account => account.Role == AccountRole.Admin, (_, account) =>
        {
            if (account.DeleteAfter is not null)
            {
                return false;
            }

            account.DeletionRequestedAt = time.GetUtcNow().ToUnixTimeSeconds();
            account.DeleteAfter = deleteAfter.ToUnixTimeSeconds();
            return true;
        }, ct);

    /// <summary>Undoes a pending deletion (the admin's "restore"); done also when none was pending.</summary>
    public Task<AccountChange> CancelDeletionAsync(string username, CancellationToken ct) =>
        GuardedAsync(username, _ => false, (_, account) =>
        {
            var changed = account.DeleteAfter is not null;
            account.DeletionRequestedAt = null;
            account.DeleteAfter = null;
            return changed;
        }, ct);

    /// <summary>Accounts whose deletion grace period ended at or before <paramref name="now"/>.</summary>
    public async Task<IReadOnlyList<string>> DueForDeletionAsync(DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now.ToUnixTimeSeconds();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<Account>().Where(a => a.DeleteAfter != null && a.DeleteAfter <= cutoff).OrderBy(a => a.Username).Select(a => a.Username).ToListAsync(ct);
    }

    /// <summary>
    /// Deletes the account if its grace period is still over at <paramref name="now"/> (an admin
    /// may have restored it since it was listed); false otherwise.
    /// </summary>
    public async Task<bool> DeleteIfDueAsync(string username, DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now.ToUnixTimeSeconds();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<Account>().Where(a => a.Username == username && a.DeleteAfter != null && a.DeleteAfter <= cutoff).ExecuteDeleteAsync(ct) > 0;
    }

    /// <summary>Admins who can log in (not locked, not waiting to be deleted).</summary>
    public async Task<int> CountActiveAdminsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ActiveAdmins(db).CountAsync(ct);
    }

    private static IQueryable<Account> ActiveAdmins(SnikketDb db) =>
        db.Set<Account>().Where(a => a.Role == AccountRole.Admin && !a.Locked && a.DeleteAfter == null);

    /// <summary>
    /// Loads the account, applies <paramref name="apply"/> (true = something changed) and saves, in
    /// a serializable transaction. When <paramref name="removesAdmin"/> says the change takes an
    /// active admin away, it is refused if no other active admin would remain. PostgreSQL may abort
    /// one of two racing transactions with a serialization failure: it is retried, and then sees
    /// the other's outcome.
    /// </summary>
    private async Task<AccountChange> GuardedAsync(
        string username,
        Func<Account, bool> removesAdmin,
        Func<SnikketDb, Account, bool> apply,
        CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
                var account = await db.Set<Account>().FirstOrDefaultAsync(a => a.Username == username, ct);
                if (account is null)
                {
                    return AccountChange.NotFound;
                }

                var active = account.Role == AccountRole.Admin && !account.Locked && account.DeleteAfter is null;
                if (active && removesAdmin(account) && await ActiveAdmins(db).CountAsync(a => a.Username != username, ct) == 0)
                {
                    return AccountChange.LastAdmin;
                }

                if (apply(db, account))
                {
                    await db.SaveChangesAsync(ct);
                }

                await tx.CommitAsync(ct);
                return AccountChange.Done;
            }
            catch (Exception e) when (attempt < 10 && IsSerializationFailure(e))
            {
                // Another transaction touched the same rows; run again against what it committed.
            }
        }
    }

    private static bool IsSerializationFailure(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is DbException { SqlState: SerializationFailure })
            {
                return true;
            }
        }

        return false;
    }

    private static void SetCredentials(Account account, string password, int iterations)
    {
        var sha1 = ScramCredential.Create(ScramHash.Sha1, password, iterations);
        var sha256 = ScramCredential.Create(ScramHash.Sha256, password, iterations);
        account.ScramSha1Salt = sha1.Salt;
        account.ScramSha1Iterations = sha1.Iterations;
        account.ScramSha1StoredKey = sha1.StoredKey;
        account.ScramSha1ServerKey = sha1.ServerKey;
        account.ScramSha256Salt = sha256.Salt;
        account.ScramSha256Iterations = sha256.Iterations;
        account.ScramSha256StoredKey = sha256.StoredKey;
        account.ScramSha256ServerKey = sha256.ServerKey;
    }
}
