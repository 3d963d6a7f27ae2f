using Snikket.Server.Accounts;
using Snikket.Server.Routing;
using Snikket.Server.Sessions;

namespace Snikket.Server.Modules.Circles;

/// <summary>
/// Circles (Snikket's groups, reference §4.5): new accounts join their invite's circles, or the
/// default one; members are linked as mutual contacts in a roster group named after the circle on
/// joining and again at each login (so a missed link heals); a deleted account leaves its circles.
/// Roster entries are made by the roster module from the <see cref="ContactsLinked"/> events
/// <see cref="CircleMembership"/> publishes. Unlike Snikket, removing a member also removes the
/// entries the circle made (users asked for it; Snikket only drops the chat's bookmark).
/// </summary>
internal sealed partial class CirclesModule(CircleMembership membership, CircleStore store, ILogger<CirclesModule> logger) : IModule
{
    public void Register(ModuleRegistry module)
    {
        module.On<AccountCreated>((created, ct) => new ValueTask(membership.JoinAsync(created.Username, created.Circles, ct)));
        module.On<SessionBound>(SyncInBackground);
        module.On<AccountDeleted>(async (deleted, ct) => await store.RemoveAccountAsync(deleted.Username, ct));
    }

    /// <summary>
    /// The login's sync runs beside the session, not in the bind: the bind's reply is already out,
    /// and the client's next stanzas (initial presence) must not wait behind database work. It has
    /// its own cancellation: a client that leaves at once does not cut it halfway.
    /// </summary>
    private ValueTask SyncInBackground(SessionBound bound, CancellationToken ct)
    {
        var username = bound.Session.Username;
        _ = Task.Run(async () =>
        {
            try
            {
                await membership.SyncAsync(username, CancellationToken.None);
            }
            catch (Exception e)
            {
                Log.SyncFailed(logger, username, e);
            }
        }, CancellationToken.None);
        return ValueTask.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Circle sync at the login of {Username} failed; it runs again at the next login")]
        public static partial void SyncFailed(ILogger logger, string username, Exception exception);
    }
}
