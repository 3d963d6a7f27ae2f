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
internal sealed class CirclesModule(CircleMembership membership, CircleStore store) : IModule
{
    public void Register(ModuleRegistry module)
    {
        module.On<AccountCreated>((created, ct) => new ValueTask(membership.JoinAsync(created.Username, created.Circles, ct)));
        // Not the stream's token: a client that disconnects right after binding must not cancel the
        // sync halfway (and an exception out of a SessionBound handler would escape the bind).
        module.On<SessionBound>((bound, _) => new ValueTask(membership.SyncAsync(bound.Session.Username, CancellationToken.None)));
        module.On<AccountDeleted>(async (deleted, ct) => await store.RemoveAccountAsync(deleted.Username, ct));
    }
}
