using Snikket.Server.Accounts;
using Snikket.Server.Hosting;
using Snikket.Server.Routing;
using Snikket.Server.Sessions;
using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Modules.Message;

/// <summary>
/// RFC 6121 §8.5: message delivery to local accounts. Runs the <see cref="MessageStage"/>s other
/// modules hook into (filter, archive, copy, store) around the delivery rules for bare and full
/// JIDs, availability and priority. A message that nobody took and nobody stored goes back to
/// its sender as an error, so a sender is never left believing it arrived.
/// </summary>
internal sealed class MessageModule(SessionRegistry sessions, AccountStore accounts, IStanzaSender sender, ServerInfo server, Func<HandlerTable> table) : IModule
{
    public void Register(ModuleRegistry module) => module.OnMessage(DeliverAsync);

    private async ValueTask DeliverAsync(Element message, Jid from, Jid to, CancellationToken ct)
    {
        if (to.Domain != server.Domain)
        {
            Bounce(message, StanzaError.RemoteServerNotFound("This server does not federate yet."));
            return;
        }

        if (to.Local is null)
        {
            // RFC 6120 §10.3.1 lets the server handle messages to itself; none is understood yet.
            Bounce(message, StanzaError.ServiceUnavailable());
            return;
        }

        var delivery = new MessageDelivery(message, from, to);
        var hooks = table().MessageHooks;
        if (!await RunAsync(hooks[MessageStage.Filter], delivery, ct))
        {
            return;
        }

        var recipients = Recipients(delivery);
        if (recipients is null)
        {
            // Dropped by the delivery rules (a headline or error nobody is there for).
            return;
        }

        if (recipients.Count == 0 && !await RecipientExistsAsync(delivery, ct))
        {
            // RFC 6121 §8.5.1: no such account.
            Bounce(message, StanzaError.ServiceUnavailable());
            return;
        }

        await RunAsync(hooks[MessageStage.Archive], delivery, ct);
        foreach (var session in recipients)
        {
            if (session.Send(message))
            {
                delivery.Delivered(session);
            }
        }

        await RunAsync(hooks[MessageStage.Copy], delivery, ct);
        if (delivery.DeliveredTo.Count > 0)
        {
            return;
        }

        if (delivery.Type is "normal" or "chat")
        {
            await RunAsync(hooks[MessageStage.Store], delivery, ct);
        }

        // A store hook that refused the message has answered the sender (or dropped it silently).
        if (!delivery.Stored && !delivery.Rejected && delivery.Type is "normal" or "chat" or "groupchat")
        {
            // RFC 6121 §8.5.2.2.1: not stored offline, so the sender must hear it failed.
            Bounce(message, StanzaError.ServiceUnavailable("The recipient is not online."));
        }
    }

    /// <summary>
    /// The sessions a message goes to (RFC 6121 §8.5.2–§8.5.3), or null when the rules say to drop it.
    /// An empty list means "nobody is online to take it" and lets offline storage decide.
    /// </summary>
    private List<ClientSession>? Recipients(MessageDelivery delivery)
    {
        var to = delivery.To;
        var type = delivery.Type;
        if (to.Resource is not null)
        {
            if (sessions.Find(to) is { } exact)
            {
                return [exact];
            }

            // §8.5.3.2: chat and normal fall back to the bare JID; headline and error are dropped;
            // groupchat gets an error.
            if (type is "headline" or "error")
            {
                return null;
            }

            if (type is not ("chat" or "normal"))
            {
                Bounce(delivery.Stanza, StanzaError.ServiceUnavailable());
                return null;
            }
        }

        if (type is "groupchat")
        {
            // §8.5.2.1.1: groupchat to a bare JID is an error, wherever the account is.
            Bounce(delivery.Stanza, StanzaError.ServiceUnavailable());
            return null;
        }

        // §8.5.2.1.1: available resources with non-negative priority. Delivering to all of them
        // (not only the highest) is allowed and is what people with a phone and a laptop expect.
        var recipients = new List<ClientSession>();
        foreach (var session in sessions.SessionsOf(to.Bare))
        {
            if (session.IsAvailable && session.Priority >= 0)
            {
                recipients.Add(session);
            }
        }

        if (recipients.Count == 0 && type is "headline" or "error")
        {
            // §8.5.2.2.1: nobody available; headlines and errors are not kept.
            return null;
        }

        return recipients;
    }

    private async ValueTask<bool> RecipientExistsAsync(MessageDelivery delivery, CancellationToken ct) =>
        (delivery.To.Local == delivery.From.Local && delivery.From.Domain == server.Domain)
        || await accounts.ExistsAsync(delivery.To.Local!, ct);

    /// <summary>Runs one stage; false when a filter refused the message (the sender has been told).</summary>
    private async ValueTask<bool> RunAsync(MessageHook[] stage, MessageDelivery delivery, CancellationToken ct)
    {
        foreach (var hook in stage)
        {
            await hook(delivery, ct);
            if (delivery.Rejected)
            {
                if (delivery.Error is { } error)
                {
                    Bounce(delivery.Stanza, error);
                }

                return false;
            }
        }

        return true;
    }

    private void Bounce(Element message, StanzaError error)
    {
        if (!Stanza.IsError(message))
        {
            sender.Send(Stanza.ErrorReply(message, error));
        }
    }
}
