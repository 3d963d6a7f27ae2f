using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Snikket.Server.Sessions;

/// <summary>
/// Sessions that can be resumed (XEP-0198 §5), by resume id, and the hand-over of a session from
/// one stream to another. Every change of which stream owns a session happens under the session's
/// lock here, so a stream that lost its session to a resumption never tears it down.
/// </summary>
internal sealed class ResumableSessions
{
    private readonly ConcurrentDictionary<string, ClientSession> _byId = new(StringComparer.Ordinal);

    public int Count => _byId.Count;

    /// <summary>A fresh resume id: 128 random bits, so ids cannot be guessed.</summary>
    public static string NewId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Add(ClientSession session) => _byId[session.StreamManagement!.ResumeId!] = session;

    public void Remove(ClientSession session)
    {
        if (session.StreamManagement?.ResumeId is { } id)
        {
            _byId.TryRemove(new KeyValuePair<string, ClientSession>(id, session));
        }
    }

    /// <summary>
    /// The session <paramref name="id"/> names, if it exists, has not ended, and belongs to
    /// <paramref name="username"/> — another account's id is treated as unknown, revealing nothing.
    /// </summary>
    public ClientSession? Find(string id, string username) =>
        _byId.TryGetValue(id, out var session) && session.Username == username && !session.StreamManagement!.Ended ? session : null;

    /// <summary>
    /// The connection of <paramref name="owner"/> is gone: if it still owns a resumable session, the
    /// session now waits for a resumption, owned by its <see cref="StreamManagement"/> state, and
    /// <paramref name="onClose"/> runs if it is closed meanwhile (replaced, or its queue overflowed).
    /// </summary>
    public static bool TryHibernate(ClientSession session, object owner, Action onClose)
    {
        var sm = session.StreamManagement;
        if (sm?.ResumeId is null || session.Outbox.IsClosing)
        {
            return false;
        }

        lock (session)
        {
            if (!session.IsAttachedTo(owner) || sm.Ended)
            {
                return false;
            }

            session.Attach(sm, onClose);
            sm.DetachedAt = Environment.TickCount64;
            return true;
        }
    }

    /// <summary>
    /// Moves <paramref name="session"/> to the stream <paramref name="owner"/>; the stream that had it
    /// (if its connection is not known to be dead yet) is told to stop. False when it ended meanwhile.
    /// </summary>
    public static bool TryTakeOver(ClientSession session, object owner, Action requestStop)
    {
        Action previous;
        lock (session)
        {
            if (session.StreamManagement!.Ended)
            {
                return false;
            }

            previous = session.Attach(owner, requestStop);
            session.StreamManagement.DetachedAt = null;
        }

        previous();
        return true;
    }

    /// <summary>
    /// Marks the session ended if <paramref name="owner"/> still owns it, so exactly one party tears
    /// it down. False when it was resumed elsewhere or already ended.
    /// </summary>
    public static bool TryEnd(ClientSession session, object owner)
    {
        lock (session)
        {
            if (!session.IsAttachedTo(owner))
            {
                return false;
            }

            if (session.StreamManagement is { } sm)
            {
                sm.Ended = true;
            }

            return session.TryMarkEnded();
        }
    }

    /// <summary>Sessions that have waited longer than <paramref name="timeout"/> to be resumed.</summary>
    public IEnumerable<ClientSession> Expired(long now, TimeSpan timeout)
    {
        foreach (var session in _byId.Values)
        {
            if (session.StreamManagement!.DetachedAt is { } since && now - since > (long)timeout.TotalMilliseconds)
            {
                yield return session;
            }
        }
    }
}
