using Snikket.Server.Accounts;
using Snikket.Server.Hosting;
using Snikket.Server.Routing;

namespace Snikket.Server.Modules.Circles;

/// <summary>
/// Circle changes with their roster effects: members of a circle get mutual roster entries, in the
/// roster group named after the circle (<see cref="ContactsLinked"/>), when they join and again at
/// every login; leaving takes the group off both sides (<see cref="ContactsUnlinked"/>), which
/// removes the entries that no other circle or choice of the user keeps. The roster module does
/// the roster work; this class only says what should be linked. Use it (not the store) from the
/// admin API so rosters follow.
/// </summary>
internal sealed class CircleMembership(CircleStore store, ServerEvents events, ServerInfo server)
{
    /// <summary>Adds a member and links them with every other member. False when the circle does not exist or they already were one.</summary>
    public async Task<bool> AddMemberAsync(string circleId, string username, CancellationToken ct)
    {
        if (circleId == Circle.DefaultId)
        {
            await store.EnsureDefaultAsync(server.SiteName, ct);
        }

        if (!await store.AddMemberAsync(circleId, username, ct))
        {
            return false;
        }

        var circle = await store.GetAsync(circleId, ct);
        foreach (var member in circle?.Members ?? [])
        {
            if (member != username)
            {
                await events.PublishAsync(new ContactsLinked(username, member, circle!.Name), ct);
            }
        }

        return true;
    }

    /// <summary>Removes a member and takes the circle's group off the entries it shared with the others.</summary>
    public async Task<bool> RemoveMemberAsync(string circleId, string username, CancellationToken ct)
    {
        if (!await store.RemoveMemberAsync(circleId, username, ct))
        {
            return false;
        }

        var circle = await store.GetAsync(circleId, ct);
        foreach (var member in circle?.Members ?? [])
        {
            await events.PublishAsync(new ContactsUnlinked(username, member, circle!.Name), ct);
        }

        return true;
    }

    /// <summary>Renames the circle, moving its members' entries to the new group. False when there is no such circle.</summary>
    public async Task<bool> RenameAsync(string circleId, string name, CancellationToken ct)
    {
        var old = await store.RenameAsync(circleId, name, ct);
        if (old is null)
        {
            return false;
        }

        var circle = await store.GetAsync(circleId, ct);
        if (circle is null || circle.Name == old)
        {
            return circle is not null;
        }

        foreach (var (a, b) in Pairs(circle.Members))
        {
            // Linked first: the entry then has both groups, so taking the old one off never removes it.
            await events.PublishAsync(new ContactsLinked(a, b, circle.Name), ct);
            await events.PublishAsync(new ContactsUnlinked(a, b, old), ct);
        }

        return true;
    }

    /// <summary>Deletes the circle; its members' shared entries lose its group. False when there was none.</summary>
    public async Task<bool> DeleteAsync(string circleId, CancellationToken ct)
    {
        var circle = await store.DeleteAsync(circleId, ct);
        if (circle is null)
        {
            return false;
        }

        foreach (var (a, b) in Pairs(circle.Members))
        {
            await events.PublishAsync(new ContactsUnlinked(a, b, circle.Name), ct);
        }

        return true;
    }

    /// <summary>
    /// A new account joins its circles: the invite's, or the default circle when the invite named
    /// none (null). Unknown circle ids (deleted since the invite was made) are skipped.
    /// </summary>
    public async Task JoinAsync(string username, IReadOnlyList<string>? circleIds, CancellationToken ct)
    {
        foreach (var id in circleIds ?? [Circle.DefaultId])
        {
            await AddMemberAsync(id, username, ct);
        }
    }

    /// <summary>Re-links the account with the members of all its circles (at login; the roster module ignores what is already so).</summary>
    public async Task SyncAsync(string username, CancellationToken ct)
    {
        foreach (var circle in await store.CirclesOfAsync(username, ct))
        {
            foreach (var member in circle.Members)
            {
                if (member != username)
                {
                    await events.PublishAsync(new ContactsLinked(username, member, circle.Name), ct);
                }
            }
        }
    }

    private static IEnumerable<(string A, string B)> Pairs(IReadOnlyList<string> members)
    {
        for (var i = 0; i < members.Count; i++)
        {
            for (var j = i + 1; j < members.Count; j++)
            {
                yield return (members[i], members[j]);
            }
        }
    }
}
