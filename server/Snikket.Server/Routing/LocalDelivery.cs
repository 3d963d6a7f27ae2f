using Snikket.Server.Hosting;
using Snikket.Server.Sessions;
using Snikket.Xmpp;

namespace Snikket.Server.Routing;

/// <summary>
/// Delivers server-generated stanzas to local sessions by their <c>to</c>. Separate from the router
/// so modules can send without depending on the handler table they are part of.
/// </summary>
internal sealed class LocalDelivery(SessionRegistry sessions, ServerInfo server) : IStanzaSender
{
    public void Send(Element stanza)
    {
        if (!Jid.TryParse(stanza.GetAttribute("to") ?? "", out var to) || to.Domain != server.Domain)
        {
            // Federation will take remote addresses; until then nothing generated here goes remote.
            return;
        }

        if (to.Resource is not null)
        {
            sessions.Find(to)?.Send(stanza);
            return;
        }

        foreach (var session in sessions.SessionsOf(to))
        {
            session.Send(stanza);
        }
    }
}
