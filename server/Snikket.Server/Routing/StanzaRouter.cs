using Snikket.Server.Accounts;
using Snikket.Server.Hosting;
using Snikket.Server.Sessions;
using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Routing;

/// <summary>
/// Takes every stanza a local client sends: stamps <c>from</c>, resolves <c>to</c>, and hands it
/// to the IQ handler or delivery policy the modules declared, after the inbound filters had their
/// look. No feature logic lives here.
/// </summary>
internal sealed partial class StanzaRouter(
    HandlerTable handlers,
    SessionRegistry sessions,
    AccountStore accounts,
    ServerInfo server,
    IStanzaSender delivery,
    ILogger<StanzaRouter> logger)
{
    /// <summary>Routes one stanza from <paramref name="origin"/>; the session's read loop awaits this before reading the next.</summary>
    public async ValueTask RouteAsync(ClientSession origin, Element stanza, CancellationToken ct)
    {
        StampFrom(origin, stanza);

        Jid to;
        var toAttribute = stanza.GetAttribute("to");
        if (toAttribute is null)
        {
            // RFC 6120 §10.3: no 'to' means the sender's own account (presence broadcast is the
            // presence module's business; it sees the bare JID too).
            to = origin.Jid.Bare;
        }
        else if (!Jid.TryParse(toAttribute, out var parsed))
        {
            Bounce(stanza, StanzaError.JidMalformed("The 'to' address is not a valid JID."));
            return;
        }
        else
        {
            to = parsed;
        }

        try
        {
            if (to.Domain != server.Domain && await accounts.GetRoleAsync(origin.Username, ct) == AccountRole.Limited)
            {
                // Limited accounts stay on this server (Snikket's "limited" role): refused here,
                // before any module, so it holds for messages, presence and IQs alike and, unlike
                // remote-server-not-found, still holds once federation exists.
                Bounce(stanza, StanzaError.NotAllowed("Your account is limited to this server. Ask an administrator to change its role to reach other servers."));
                return;
            }

            foreach (var filter in handlers.InboundFilters)
            {
                if (await filter(origin, stanza, to, ct))
                {
                    return;
                }
            }

            switch (stanza.Name)
            {
                case "iq":
                    await RouteIqAsync(origin, stanza, to, ct);
                    break;
                case "message":
                    await DeliverAsync(handlers.MessageHandler, stanza, origin.Jid, to, ct);
                    break;
                default:
                    await DeliverAsync(handlers.PresenceHandler, stanza, origin.Jid, to, ct);
                    break;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException and not StreamErrorException)
        {
            // Failure containment: one broken handler costs one stanza, never the session.
            Log.HandlerFailed(logger, stanza.Name, e);
            Bounce(stanza, StanzaError.InternalServerError());
        }
    }

    /// <summary>Answers <paramref name="stanza"/> with an error, unless it is an error itself (RFC 6120 §8.3.1).</summary>
    public void Bounce(Element stanza, StanzaError error)
    {
        if (Stanza.IsError(stanza))
        {
            return;
        }

        var reply = Stanza.ErrorReply(stanza, error);
        if (reply.GetAttribute("from") is null)
        {
            reply.SetAttribute("from", server.Domain);
        }

        delivery.Send(reply);
    }

    /// <summary>
    /// RFC 6120 §8.1.2.1: the server stamps the full JID on everything a client sends. A client may
    /// say its own full or bare JID; anything else is a forgery and ends the stream.
    /// </summary>
    private static void StampFrom(ClientSession origin, Element stanza)
    {
        var claimed = stanza.GetAttribute("from");
        if (claimed is not null
            && (!Jid.TryParse(claimed, out var jid) || (jid != origin.Jid && jid != origin.Jid.Bare)))
        {
            throw new StreamErrorException(StreamErrorCondition.InvalidFrom, "The 'from' address is not yours.");
        }

        stanza.SetAttribute("from", origin.Jid.ToString());
    }

    private async ValueTask RouteIqAsync(ClientSession origin, Element iq, Jid to, CancellationToken ct)
    {
        var type = iq.GetAttribute("type");
        if (type is "result" or "error")
        {
            // Responses go to the full JID that asked; responses to the server or to a bare JID
            // answer requests the server made, and none is outstanding yet.
            if (to.Resource is not null)
            {
                sessions.Find(to)?.Send(iq);
            }

            return;
        }

        var payload = SinglePayload(iq);
        if (type is not ("get" or "set") || iq.GetAttribute("id") is null || payload is null)
        {
            // RFC 6120 §8.2.3: a request has an id and exactly one child.
            Bounce(iq, StanzaError.BadRequest("An IQ request needs a type of get or set, an id and exactly one child element."));
            return;
        }

        if (to.Domain != server.Domain)
        {
            Bounce(iq, StanzaError.RemoteServerNotFound("This server does not federate yet."));
            return;
        }

        if (to.Resource is not null)
        {
            var target = sessions.Find(to);
            if (target is null)
            {
                Bounce(iq, StanzaError.ServiceUnavailable());
            }
            else
            {
                target.Send(iq);
            }

            return;
        }

        var destination = to.Local is null ? To.Host : To.Bare;
        if (destination == To.Bare && to.Local != origin.Username && !await accounts.ExistsAsync(to.Local!, ct))
        {
            Bounce(iq, StanzaError.ServiceUnavailable());
            return;
        }

        var handler = handlers.Find(type == "get" ? IqType.Get : IqType.Set, destination, payload.Namespace, payload.Name);
        if (handler is null)
        {
            Bounce(iq, StanzaError.ServiceUnavailable());
            return;
        }

        await handler(new IqRequest(iq, payload, origin.Jid, to, delivery), ct);
    }

    private async ValueTask DeliverAsync(StanzaHandler? handler, Element stanza, Jid from, Jid to, CancellationToken ct)
    {
        if (handler is null)
        {
            Bounce(stanza, StanzaError.ServiceUnavailable());
            return;
        }

        await handler(stanza, from, to, ct);
    }

    private static Element? SinglePayload(Element iq)
    {
        Element? single = null;
        foreach (var child in iq.Elements())
        {
            if (single is not null)
            {
                return null;
            }

            single = child;
        }

        return single;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "A handler failed on a <{Stanza}/> stanza")]
        public static partial void HandlerFailed(ILogger logger, string stanza, Exception exception);
    }
}
