using Snikket.Server.Hosting;
using Snikket.Server.Routing;
using Snikket.Server.Sessions;
using Snikket.Xmpp;

namespace Snikket.Server.Accounts;

/// <summary>
/// Account changes that reach beyond the accounts table: locking closes the account's live
/// sessions, deletion closes them and tells the modules (<see cref="AccountDeleted"/>), and a
/// self-deletion waits out a grace period (<c>SNIKKET_RETENTION_DAYS</c>, as Snikket's
/// <c>registration_delete_grace_period</c>) during which an admin can restore the account. Used by
/// the XEP-0077 module, the internal HTTP API and the operator commands; every change that could
/// remove the last admin who can log in is refused (<see cref="AccountChange.LastAdmin"/>).
/// </summary>
internal sealed partial class AccountLifecycle(
    AccountStore accounts,
    SessionRegistry sessions,
    ServerEvents events,
    ServerInfo server,
    ServerSettings settings,
    TimeProvider time,
    ILogger<AccountLifecycle> logger)
{
    /// <summary>How long a self-deleted account waits before it is deleted for good.</summary>
    public TimeSpan GracePeriod => settings.Retention;

    /// <summary>Sets the role (admin, normal, limited). Live sessions keep running: rights are checked per request.</summary>
    public Task<AccountChange> SetRoleAsync(string username, AccountRole role, CancellationToken ct) =>
        accounts.SetRoleAsync(username, role, ct);

    /// <summary>Locks the account: it cannot log in (SASL <c>account-disabled</c>), and its live sessions end now.</summary>
    public async Task<AccountChange> LockAsync(string username, CancellationToken ct)
    {
        var change = await accounts.SetLockedAsync(username, true, ct);
        if (change == AccountChange.Done)
        {
            Log.Locked(logger, username);
            CloseSessions(username, StreamErrorCondition.PolicyViolation, "This account has been locked.");
        }

        return change;
    }

    /// <summary>Unlocks the account.</summary>
    public Task<AccountChange> UnlockAsync(string username, CancellationToken ct) =>
        accounts.SetLockedAsync(username, false, ct);

    /// <summary>
    /// The user asked to delete their account (XEP-0077 &lt;remove/&gt;, the portal): it cannot
    /// log in from now on, its sessions end (XEP-0077 §3.2: with <c>not-authorized</c>), and it is
    /// deleted for good after <see cref="GracePeriod"/> unless an admin restores it.
    /// </summary>
    public async Task<AccountChange> RequestDeletionAsync(string username, CancellationToken ct)
    {
        var change = await accounts.RequestDeletionAsync(username, time.GetUtcNow() + GracePeriod, ct);
        if (change == AccountChange.Done)
        {
            Log.DeletionRequested(logger, username, GracePeriod.TotalDays);
            CloseSessions(username, StreamErrorCondition.NotAuthorized, "This account has been deleted.");
        }

        return change;
    }

    /// <summary>Undoes a pending deletion (the admin's "restore").</summary>
    public Task<AccountChange> RestoreAsync(string username, CancellationToken ct) =>
        accounts.CancelDeletionAsync(username, ct);

    /// <summary>Deletes the account now (an admin's decision): sessions end, modules remove its data.</summary>
    public async Task<AccountChange> DeleteNowAsync(string username, CancellationToken ct)
    {
        var change = await accounts.DeleteGuardedAsync(username, ct);
        if (change == AccountChange.Done)
        {
            await DeletedAsync(username, ct);
        }

        return change;
    }

    /// <summary>Deletes every account whose grace period is over; returns how many. Run periodically.</summary>
    public async Task<int> PurgeDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var deleted = 0;
        foreach (var username in await accounts.DueForDeletionAsync(now, ct))
        {
            if (await accounts.DeleteIfDueAsync(username, now, ct))
            {
                await DeletedAsync(username, ct);
                deleted++;
            }
        }

        return deleted;
    }

    private async Task DeletedAsync(string username, CancellationToken ct)
    {
        Log.Deleted(logger, username);
        CloseSessions(username, StreamErrorCondition.NotAuthorized, "This account has been deleted.");
        await events.PublishAsync(new AccountDeleted(username), ct);
    }

    private void CloseSessions(string username, StreamErrorCondition condition, string text)
    {
        foreach (var session in sessions.SessionsOf(Jid.Create(username, server.Domain, null)))
        {
            session.Close(new StreamErrorException(condition, text));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Account {Username} locked")]
        public static partial void Locked(ILogger logger, string username);

        [LoggerMessage(2, LogLevel.Information, "Account {Username} asked to be deleted; it goes after {Days} days")]
        public static partial void DeletionRequested(ILogger logger, string username, double days);

        [LoggerMessage(3, LogLevel.Information, "Account {Username} deleted")]
        public static partial void Deleted(ILogger logger, string username);
    }
}
