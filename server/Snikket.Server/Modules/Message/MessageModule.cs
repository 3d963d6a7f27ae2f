using Snikket.Server.Hosting;
using Snikket.Server.Routing;
using Snikket.Server.Sessions;
using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Modules.Message;

/// <summary>
/// RFC 6121 §8.5: message delivery between local accounts. This first policy delivers to every
/// session of the recipient for a bare JID, to the one session for a full JID (falling back to
/// the bare rules for chat and normal messages), and bounces when nobody is online. Offline
/// storage, carbons and priorities refine it in their own modules.
/// </summary>
internal sealed class MessageModule(SessionRegistry sessions, IStanzaSender sender, ServerInfo server) : IModule
{
    public void Register(ModuleRegistry module) => module.OnMessage(DeliverAsync);

    private ValueTask DeliverAsync(Element message, Jid from, Jid to, CancellationToken ct)
    {
        if (to.Domain != server.Domain)
        {
            Bounce(message, StanzaError.RemoteServerNotFound("This server does not federate yet."));
            return ValueTask.CompletedTask;
        }

        if (to.Local is null)
        {
            // RFC 6120 §10.3.1 lets the server handle messages to itself; none is understood yet.
            Bounce(message, StanzaError.ServiceUnavailable());
            return ValueTask.CompletedTask;
        }

        var type = message.GetAttribute("type") ?? "normal";
        if (to.Resource is not null)
        {
            var target = sessions.Find(to);
            if (target is not null)
            {
                target.Send(message);
                return ValueTask.CompletedTask;
            }

            // RFC 6121 §8.5.3.2.1: chat and normal fall back to the bare JID; headline is dropped;
            // groupchat and anything else gets an error.
            if (type == "headline")
            {
                return ValueTask.CompletedTask;
            }

            if (type is not ("chat" or "normal"))
            {
                Bounce(message, StanzaError.ServiceUnavailable());
                return ValueTask.CompletedTask;
            }
        }

        var recipients = sessions.SessionsOf(to.Bare);
        if (recipients.Count == 0)
        {
            Bounce(message, StanzaError.ServiceUnavailable("The recipient is not online."));
            return ValueTask.CompletedTask;
        }

        foreach (var session in recipients)
        {
            session.Send(message);
        }

        return ValueTask.CompletedTask;
    }

    private void Bounce(Element message, StanzaError error)
    {
        if (!Stanza.IsError(message))
        {
            sender.Send(Stanza.ErrorReply(message, error));
        }
    }
}
