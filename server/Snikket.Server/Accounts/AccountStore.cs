using Microsoft.EntityFrameworkCore;
using Snikket.Server.Storage;
using Snikket.Xmpp.Sasl;

namespace Snikket.Server.Accounts;

/// <summary>
/// Data access for <see cref="Account"/> rows. Usernames given here are already-prepared JID
/// localparts (see <see cref="Snikket.Xmpp.Jid"/>); nothing else touches the accounts table.
/// </summary>
internal sealed class AccountStore(IDbContextFactory<SnikketDb> dbFactory, TimeProvider time)
{
    /// <summary>Creates an account; false when the username is taken.</summary>
    public async Task<bool> CreateAsync(string username, string password, int iterations, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Set<Account>().AnyAsync(a => a.Username == username, ct))
        {
            return false;
        }

        var account = new Account
        {
            Username = username,
            CreatedAt = time.GetUtcNow().ToUnixTimeSeconds(),
            ScramSha1Salt = [], ScramSha1Iterations = 0, ScramSha1StoredKey = [], ScramSha1ServerKey = [],
            ScramSha256Salt = [], ScramSha256Iterations = 0, ScramSha256StoredKey = [], ScramSha256ServerKey = [],
        };
        SetCredentials(account, password, iterations);
        db.Add(account);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Lost a race with a concurrent create of the same name: the primary key decided.
            return false;
        }
    }

    /// <summary>Replaces the credentials; false when there is no such account.</summary>
    public async Task<bool> SetPasswordAsync(string username, string password, int iterations, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var account = await db.Set<Account>().FirstOrDefaultAsync(a => a.Username == username, ct);
        if (account is null)
        {
            return false;
        }

        SetCredentials(account, password, iterations);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Deletes the account; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string username, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<Account>().Where(a => a.Username == username).ExecuteDeleteAsync(ct) > 0;
    }

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

    /// <summary>The SCRAM credential for one hash function, or null when the account does not exist.</summary>
    public async Task<ScramCredential?> GetCredentialAsync(string username, ScramHash hash, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var account = await db.Set<Account>().AsNoTracking().FirstOrDefaultAsync(a => a.Username == username, ct);
        if (account is null)
        {
            return null;
        }

        return hash == ScramHash.Sha1
            ? new ScramCredential(hash, account.ScramSha1Salt, account.ScramSha1Iterations, account.ScramSha1StoredKey, account.ScramSha1ServerKey)
            : new ScramCredential(hash, account.ScramSha256Salt, account.ScramSha256Iterations, account.ScramSha256StoredKey, account.ScramSha256ServerKey);
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
