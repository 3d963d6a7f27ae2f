using System.Collections.Concurrent;
using Snikket.Xmpp;

namespace Snikket.Server.Sessions;

/// <summary>
/// Bound sessions, by bare JID then resource. The seam where a multi-node deployment would look
/// for sessions on other nodes. Lookups are lock-free; binding and unbinding lock one account.
/// </summary>
internal sealed class SessionRegistry
{
    private readonly ConcurrentDictionary<Jid, AccountSessions> _accounts = new();

    /// <summary>Number of bound sessions (for metrics and tests).</summary>
    public int Count => _accounts.Values.Sum(a => a.Count);

    /// <summary>
    /// Binds <paramref name="session"/> unless its account already has <paramref name="maxSessions"/>
    /// other sessions. RFC 6120 §7.7.2.2: when the full JID is taken, the older session is
    /// replaced (the newest login wins, which is what a phone that lost its connection needs) and
    /// returned in <paramref name="replaced"/> for the caller to close with <c>conflict</c>.
    /// </summary>
    public bool TryBind(ClientSession session, int maxSessions, out ClientSession? replaced)
    {
        var account = _accounts.GetOrAdd(session.Jid.Bare, _ => new AccountSessions());
        lock (account)
        {
            account.Sessions.TryGetValue(session.Jid.Resource!, out replaced);
            if (replaced is null && account.Sessions.Count >= maxSessions)
            {
                return false;
            }

            account.Sessions[session.Jid.Resource!] = session;
            account.Snapshot = [.. account.Sessions.Values];
            return true;
        }
    }

    /// <summary>Removes the session if it is still the one bound to its full JID.</summary>
    public void Unbind(ClientSession session)
    {
        if (!_accounts.TryGetValue(session.Jid.Bare, out var account))
        {
            return;
        }

        lock (account)
        {
            if (account.Sessions.TryGetValue(session.Jid.Resource!, out var current) && ReferenceEquals(current, session))
            {
                account.Sessions.Remove(session.Jid.Resource!);
                account.Snapshot = [.. account.Sessions.Values];
            }
        }
    }

    /// <summary>The session bound to a full JID, or null.</summary>
    public ClientSession? Find(Jid fullJid) =>
        fullJid.Resource is not null && _accounts.TryGetValue(fullJid.Bare, out var account)
            ? Volatile.Read(ref account.Snapshot).FirstOrDefault(s => s.Jid.Resource == fullJid.Resource)
            : null;

    /// <summary>Every bound session (a snapshot), for shutdown.</summary>
    public IReadOnlyList<ClientSession> All() => [.. _accounts.Values.SelectMany(a => Volatile.Read(ref a.Snapshot))];

    /// <summary>Every session of an account (a snapshot; empty when offline).</summary>
    public IReadOnlyList<ClientSession> SessionsOf(Jid bareJid) =>
        _accounts.TryGetValue(bareJid.Bare, out var account) ? Volatile.Read(ref account.Snapshot) : [];

    private sealed class AccountSessions
    {
        public readonly Dictionary<string, ClientSession> Sessions = new(StringComparer.Ordinal);
        public ClientSession[] Snapshot = [];

        public int Count => Volatile.Read(ref Snapshot).Length;
    }
}
