using System.Collections.Concurrent;
using Snikket.Server.Sessions;
using Snikket.Xmpp;

namespace Snikket.Server.Modules.Blocking;

/// <summary>
/// The block lists of accounts with at least one session, loaded when the first session binds and
/// dropped when the last one is gone: one <see cref="BlockList"/> per online account, whatever its
/// number of sessions. Offline accounts are asked in the database (<see cref="BlockingStore"/>).
/// </summary>
internal sealed class BlockLists(SessionRegistry sessions, BlockingStore store, Hosting.ServerInfo server)
{
    private readonly ConcurrentDictionary<string, BlockList> _loaded = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>The loaded list of <paramref name="username"/>, or null when the account has no session.</summary>
    public BlockList? Find(ReadOnlySpan<char> username) =>
        _loaded.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(username, out var list) ? list : null;

    /// <summary>The list for a session that just bound: the account's loaded one, or a newly loaded one.</summary>
    public async Task<BlockList> AcquireAsync(string username, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_loaded.TryGetValue(username, out var existing))
            {
                return existing;
            }
        }

        var loaded = new BlockList(await store.ListAsync(username, ct));
        lock (_gate)
        {
            // Another session of the account may have loaded it meanwhile; there must be only one.
            return _loaded.GetOrAdd(username, loaded);
        }
    }

    /// <summary>
    /// Drops the account's list once it has no session left. Under the same lock as
    /// <see cref="AcquireAsync"/>'s look-up, so a session binding meanwhile either finds the list
    /// (and keeps it, being counted) or loads a new one after it is dropped, never one that is no
    /// longer shared.
    /// </summary>
    public void Release(string username)
    {
        lock (_gate)
        {
            if (sessions.SessionsOf(Jid.Create(username, server.Domain, null)).Count == 0)
            {
                _loaded.TryRemove(username, out _);
            }
        }
    }

    /// <summary>Forgets a deleted account's list.</summary>
    public void Forget(string username) => _loaded.TryRemove(username, out _);

    /// <summary>Whether <paramref name="username"/> blocks <paramref name="jid"/>: from memory when online, else from the database.</summary>
    public async ValueTask<bool> BlocksAsync(string username, Jid jid, CancellationToken ct) =>
        Find(username) is { } list
            ? list.Blocks(jid.ToString())
            : await store.BlocksAsync(username, BlockingStore.Candidates(jid), ct);
}
