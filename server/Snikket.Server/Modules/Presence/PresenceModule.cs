using System.Globalization;
using System.Text.RegularExpressions;
using Snikket.Server.Hosting;
using Snikket.Server.Modules.Roster;
using Snikket.Server.Routing;
using Snikket.Server.Sessions;
using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Modules.Presence;

/// <summary>
/// RFC 6121 §4: presence. Initial presence (§4.2) is broadcast to the contacts the roster says may
/// see it and to the user's own available resources (the sender included), and the new resource
/// gets the current presence of the contacts it may see and of its sibling resources (what probes
/// would bring, answered here since both sides are local); then <see cref="SessionAvailable"/> is
/// published. Updates and unavailable presence are broadcast the same way (§4.4, §4.5), directed
/// presence (§4.6) is delivered and remembered so its targets hear the unavailable, and a session
/// that ends while available goes unavailable for everyone who saw it. Subscription stanzas never
/// get here (the roster's <see cref="Subscriptions"/> takes them first); probes from clients are
/// dropped (§4.3); presence errors are delivered, never answered.
/// </summary>
internal sealed partial class PresenceModule(
    SessionRegistry sessions,
    RosterStore roster,
    ServerInfo server,
    ServerEvents events,
    ILogger<PresenceModule> logger) : IModule
{
    public void Register(ModuleRegistry module)
    {
        module.OnPresence(DeliverAsync);
        module.On<SessionClosed>(ClosedAsync);
    }

    private async ValueTask DeliverAsync(Element presence, Jid from, Jid to, CancellationToken ct)
    {
        var type = presence.GetAttribute("type");
        if (sessions.Find(from) is not { } origin || type is "probe" or "subscribe" or "subscribed" or "unsubscribe" or "unsubscribed")
        {
            return;
        }

        if (type is not (null or "unavailable" or "error"))
        {
            // RFC 6120 §8.2.1 / RFC 6121 §4.7.1: no such presence type.
            origin.Send(Stanza.ErrorReply(presence, StanzaError.BadRequest("Unknown presence type.")));
            return;
        }

        if (presence.GetAttribute("to") is not null)
        {
            await DirectedAsync(origin, presence, to, type, ct);
        }
        else if (type is null)
        {
            await AvailableAsync(origin, presence, ct);
        }
        else if (type == "unavailable")
        {
            await UnavailableAsync(origin, presence, ct);
        }
    }

    /// <summary>§4.2 initial presence and §4.4 updates.</summary>
    private async ValueTask AvailableAsync(ClientSession origin, Element presence, CancellationToken ct)
    {
        var initial = !origin.IsAvailable;
        // §4.2, §4.5: availability and priority decide where bare-JID messages go.
        origin.Priority = NormalizePriority(presence);
        origin.Presence = presence;
        await BroadcastAsync(origin, presence, ct);
        if (!initial)
        {
            return;
        }

        await SendCurrentPresenceAsync(origin, ct);
        // What waited for the account (subscription requests, offline messages) can now be delivered.
        await events.PublishAsync(new SessionAvailable(origin), ct);
    }

    /// <summary>§4.5: unavailable to everyone who saw the session available, and to its directed-presence targets.</summary>
    private async ValueTask UnavailableAsync(ClientSession origin, Element presence, CancellationToken ct)
    {
        var wasAvailable = origin.IsAvailable;
        origin.Presence = null;
        origin.Priority = 0;
        if (wasAvailable)
        {
            await BroadcastAsync(origin, presence, ct);
        }

        SendToDirectedTargets(origin, presence);
    }

    /// <summary>
    /// A session ended (stream closed, timed out, killed, or not resumed in time) without saying
    /// goodbye: everyone who saw it available hears it go, as RFC 6121 §4.5.2 asks of the server.
    /// </summary>
    private async ValueTask ClosedAsync(SessionClosed closed, CancellationToken ct)
    {
        var session = closed.Session;
        if (sessions.Find(session.Jid) is { IsAvailable: true } successor && !ReferenceEquals(successor, session))
        {
            // A new connection took over this resource and is already available: it speaks for it now.
            return;
        }

        var unavailable = new Element("presence", Ns.Client)
            .SetAttribute("type", "unavailable")
            .SetAttribute("from", session.Jid.ToString());
        await UnavailableAsync(session, unavailable, ct);
    }

    /// <summary>
    /// §4.2.2, §4.4.2, §4.5.2: to the contacts the user's roster gives its presence ('from' or
    /// 'both') and to the user's own available resources, the sender included.
    /// </summary>
    private async ValueTask BroadcastAsync(ClientSession origin, Element presence, CancellationToken ct)
    {
        var user = origin.Jid.Bare;
        foreach (var contact in await roster.ContactsAsync(origin.Username, Subscription.From, ct))
        {
            if (Jid.TryParse(contact, out var jid) && jid != user)
            {
                DeliverToAvailable(jid, presence.Clone().SetAttribute("to", contact));
            }
        }

        var own = presence.Clone().SetAttribute("to", user.ToString());
        foreach (var session in sessions.SessionsOf(user))
        {
            if (session.IsAvailable || ReferenceEquals(session, origin))
            {
                session.Send(own);
            }
        }
    }

    /// <summary>
    /// §4.2.3 and §4.3.2: what probes would bring back. The contacts whose rosters give the user
    /// their presence answer from each available resource; so do the user's other resources.
    /// </summary>
    private async ValueTask SendCurrentPresenceAsync(ClientSession origin, CancellationToken ct)
    {
        var to = origin.Jid.ToString();
        foreach (var username in await roster.SharingWithAsync(origin.Jid.Bare.ToString(), ct))
        {
            if (username == origin.Username)
            {
                continue;
            }

            foreach (var session in sessions.SessionsOf(Jid.Create(username, server.Domain, null)))
            {
                if (session.Presence is { } current)
                {
                    origin.Send(current.Clone().SetAttribute("to", to));
                }
            }
        }

        foreach (var sibling in sessions.SessionsOf(origin.Jid.Bare))
        {
            if (!ReferenceEquals(sibling, origin) && sibling.Presence is { } current)
            {
                origin.Send(current.Clone().SetAttribute("to", to));
            }
        }
    }

    /// <summary>
    /// §4.6: presence to one address. Available presence to someone who does not get the user's
    /// presence anyway is remembered, so the unavailable reaches it too (§4.6.3). Errors go only
    /// to the full JID they answer and are never answered themselves.
    /// </summary>
    private async ValueTask DirectedAsync(ClientSession origin, Element presence, Jid to, string? type, CancellationToken ct)
    {
        if (type == "error")
        {
            if (to.Resource is not null && to.Domain == server.Domain)
            {
                sessions.Find(to)?.Send(presence);
            }

            return;
        }

        if (to.Bare != origin.Jid.Bare && to.Local is not null)
        {
            var directed = origin.State<DirectedPresence>();
            if (type == "unavailable")
            {
                directed.Remove(to.ToString());
            }
            else if (await roster.FindAsync(origin.Username, to.Bare.ToString(), ct) is not { HasFrom: true }
                && !directed.Add(to.ToString()))
            {
                Log.TooManyTargets(logger, origin.Jid.ToString(), DirectedPresence.MaxTargets);
            }
        }

        if (to.Domain != server.Domain || to.Local is null)
        {
            // No federation yet, and the server itself keeps no presence of its clients.
            return;
        }

        if (to.Resource is not null)
        {
            // RFC 6121 §8.5.3.1: a connected resource gets presence addressed to it.
            sessions.Find(to)?.Send(presence);
            return;
        }

        DeliverToAvailable(to, presence);
    }

    private void SendToDirectedTargets(ClientSession origin, Element unavailable)
    {
        foreach (var target in origin.State<DirectedPresence>().TakeAll())
        {
            if (Jid.TryParse(target, out var to) && to.Domain == server.Domain)
            {
                var copy = unavailable.Clone().SetAttribute("to", target);
                if (to.Resource is not null)
                {
                    sessions.Find(to)?.Send(copy);
                }
                else
                {
                    DeliverToAvailable(to, copy);
                }
            }
        }
    }

    /// <summary>RFC 6121 §8.5.2.1.1: presence to a bare JID goes to every available resource.</summary>
    private void DeliverToAvailable(Jid account, Element presence)
    {
        if (account.Domain != server.Domain)
        {
            return;
        }

        foreach (var session in sessions.SessionsOf(account))
        {
            if (session.IsAvailable)
            {
                session.Send(presence);
            }
        }
    }

    /// <summary>
    /// RFC 6121 §4.7.2.3: an integer from -128 to 127; absent or unreadable means 0. The stanza is
    /// rewritten to carry the value the server uses, so contacts' clients never see a bogus one.
    /// </summary>
    private static int NormalizePriority(Element presence)
    {
        var elements = presence.Elements("priority", Ns.Client).ToList();
        if (elements.Count == 0)
        {
            return 0;
        }

        var text = elements[0].Text.Trim();
        var value = 0;
        if (Integer().IsMatch(text))
        {
            value = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
                ? (int)Math.Clamp(parsed, -128, 127)
                : text[0] == '-' ? -128 : 127;
        }

        var canonical = value.ToString(CultureInfo.InvariantCulture);
        if (elements.Count > 1 || elements[0].Text != canonical)
        {
            foreach (var element in elements)
            {
                presence.RemoveNode(element);
            }

            presence.AddElement("priority", Ns.Client).AddText(canonical);
        }

        return value;
    }

    [GeneratedRegex("^[+-]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Integer();

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "{Jid} sent directed presence to more than {Max} addresses; the rest will not hear its unavailable")]
        public static partial void TooManyTargets(ILogger logger, string jid, int max);
    }
}
