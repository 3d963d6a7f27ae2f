using Snikket.Server.Sessions;
using Snikket.Xmpp;

namespace Snikket.Server.Modules.Blocking;

/// <summary>
/// XEP-0191 §3.3 on everything delivered to a session, one instance for all sessions. Stanzas the
/// routing path already refused (messages, IQs and presence a client addressed) never get here;
/// this catches what the server fans out: presence broadcasts and probe answers from a blocked
/// contact, and the user's own presence on its way to a contact the user blocked. Stanzas from the
/// user's own account and from the server always pass (§4 note: a user's resources are never
/// blocked from each other).
/// </summary>
internal sealed class BlockingFilter(BlockLists lists, string domain) : IOutboundFilter
{
    public bool Allow(ClientSession session, Element stanza)
    {
        var from = stanza.GetAttribute("from");
        if (from is null)
        {
            return true;
        }

        var state = session.State<BlockingSession>();
        if (IsOwnOrServer(state, from))
        {
            return true;
        }

        if (state.List is { } own && own.Blocks(from))
        {
            return false;
        }

        // The sender is a local user whose list names this session: its presence does not come here.
        return stanza.Name != "presence"
            || LocalPart(from) is not { IsEmpty: false } sender
            || lists.Find(sender) is not { } theirs
            || !theirs.Blocks(state.Full);
    }

    private bool IsOwnOrServer(BlockingSession state, string from) =>
        from == domain
        || (from.StartsWith(state.Bare, StringComparison.Ordinal) && (from.Length == state.Bare.Length || from[state.Bare.Length] == '/'));

    /// <summary>The localpart of a JID at this server, or empty.</summary>
    private ReadOnlySpan<char> LocalPart(string jid)
    {
        var span = jid.AsSpan();
        var slash = span.IndexOf('/');
        var bare = slash < 0 ? span : span[..slash];
        var at = bare.IndexOf('@');
        return at > 0 && bare[(at + 1)..].SequenceEqual(domain) ? bare[..at] : [];
    }
}
