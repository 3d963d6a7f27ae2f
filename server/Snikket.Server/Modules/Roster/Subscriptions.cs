using Snikket.Server.Accounts;
using Snikket.Server.Hosting;
using Snikket.Server.Sessions;
using Snikket.Server.Storage;
using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Modules.Roster;

/// <summary>
/// RFC 6121 §3 and Appendix A: the presence subscription state machine. A subscription stanza a
/// user sends is processed twice, as the RFC's two servers would: outbound in the sender's roster
/// (§3.x.2), then inbound in the recipient's (§3.x.3–§3.x.6) when the recipient is local. Only the
/// inbound 'subscribe' ever answers (with 'subscribed' or 'unsubscribed'), and an answer never
/// answers back, so requests cannot loop; a state that would not change is not pushed, delivered
/// or stored again, so storms do not multiply. Pre-approval is §3.4.
/// </summary>
internal sealed partial class Subscriptions(
    RosterStore store,
    RosterPushes pushes,
    SessionRegistry sessions,
    AccountStore accounts,
    ServerInfo server,
    ILogger<Subscriptions> logger)
{
    /// <summary>RFC 6121 §3.4.1: the stream feature announcing subscription pre-approval.</summary>
    public const string PreApprovalNs = "urn:xmpp:features:pre-approval";

    /// <summary>Largest request kept as received; a bigger one is kept without its payload.</summary>
    public const int MaxStoredRequestBytes = 8192;

    /// <summary>
    /// The inbound filter: takes every subscription stanza a local client sends. Subscribing to
    /// oneself changes nothing (one's own presence always reaches one's resources, §4.2.2), and a
    /// server has no presence to subscribe to; both are dropped.
    /// </summary>
    public async ValueTask<bool> FilterAsync(ClientSession origin, Element stanza, Jid to, CancellationToken ct)
    {
        if (stanza.Name != "presence" || stanza.GetAttribute("type") is not ("subscribe" or "subscribed" or "unsubscribe" or "unsubscribed"))
        {
            return false;
        }

        var user = origin.Jid.Bare;
        if (stanza.GetAttribute("to") is null || to.Local is null || to.Bare == user)
        {
            return true;
        }

        // §3.1.2: the server stamps the user's bare JID, and the contact is a bare JID too.
        var request = stanza.Clone().SetAttribute("from", user.ToString()).SetAttribute("to", to.Bare.ToString());
        await OutboundAsync(request, origin, user, to.Bare, ct);
        return true;
    }

    /// <summary>
    /// After a roster remove (§2.5.2): the contact is told the subscriptions are over, in both
    /// directions that existed, and stops seeing the user's presence.
    /// </summary>
    public async ValueTask AfterRemoveAsync(Jid user, Jid contact, RosterChange change, CancellationToken ct)
    {
        var before = change.Before!;
        if (before.HasTo || before.Ask)
        {
            await RouteAsync(Presence("unsubscribe", user, contact), null, user, contact, ct);
        }

        if (before.HasFrom || change.PendingChanged)
        {
            await RouteAsync(Presence("unsubscribed", user, contact), null, user, contact, ct);
        }

        SendPresenceChange(user, contact, change);
    }

    /// <summary>§3.1.3: unanswered requests are delivered again each time the user becomes available.</summary>
    public async ValueTask ResendPendingAsync(SessionAvailable available, CancellationToken ct)
    {
        foreach (var xml in await store.PendingRequestsAsync(available.Session.Username, ct))
        {
            try
            {
                available.Session.Send(StoredXml.Parse(xml));
            }
            catch (InvalidDataException e)
            {
                Log.UnreadableRequest(logger, available.Session.Username, e);
            }
        }
    }

    /// <summary>Processing in the sender's roster (Appendix A.2 and A.3 for the user's side).</summary>
    private async ValueTask OutboundAsync(Element request, ClientSession origin, Jid user, Jid contact, CancellationToken ct)
    {
        var type = request.GetAttribute("type");
        var route = true;
        RosterChange change;
        switch (type)
        {
            case "subscribe":
                // §3.1.2: ask='subscribe' unless already subscribed or asking. Routed either way:
                // the contact's server answers a repeated request, which mends a lost answer.
                change = await UpdateAsync(user, contact, entry =>
                {
                    if (entry.Item is not { } item || !(item.HasTo || item.Ask))
                    {
                        entry.GetOrCreateItem().Ask = true;
                    }
                }, ct);
                break;
            case "unsubscribe":
                // §3.3.2: no more 'to', and no pending request either.
                change = await UpdateAsync(user, contact, entry =>
                {
                    if (entry.Item is { } item)
                    {
                        item.Ask = false;
                        item.Subscription &= ~Subscription.To;
                    }
                }, ct);
                break;
            case "subscribed":
                // §3.1.5: approving a pending request gives the contact 'from'. With no request,
                // §3.4: a pre-approval, which is not routed (there is nothing to answer yet).
                var approving = false;
                change = await UpdateAsync(user, contact, entry =>
                {
                    if (entry.PendingRequest is not null)
                    {
                        entry.PendingRequest = null;
                        var item = entry.GetOrCreateItem();
                        item.Subscription |= Subscription.From;
                        item.Approved = false;
                        approving = true;
                    }
                    else if (entry.Item?.HasFrom != true)
                    {
                        entry.GetOrCreateItem().Approved = true;
                    }
                }, ct);
                route = approving;
                break;
            default:
                // §3.2.2 cancelling the contact's subscription, §3.1.5 denying its request, and
                // §3.4 withdrawing a pre-approval. Routed only when there was something to end.
                var denying = false;
                change = await UpdateAsync(user, contact, entry =>
                {
                    denying = entry.PendingRequest is not null;
                    entry.PendingRequest = null;
                    if (entry.Item is { } item)
                    {
                        item.Subscription &= ~Subscription.From;
                        item.Approved = false;
                    }
                }, ct);
                route = denying || change.Before?.HasFrom == true;
                break;
        }

        if (change.Refused)
        {
            origin.Send(Error(request, origin, StanzaError.PolicyViolation($"A roster holds at most {RosterStore.MaxItems} contacts.")));
            return;
        }

        if (route)
        {
            await RouteAsync(request, origin, user, contact, ct);
        }

        SendPresenceChange(user, contact, change);
    }

    /// <summary>
    /// Hands a subscription stanza to the recipient's server, which is this one for local JIDs.
    /// Without federation a remote recipient cannot be reached: the user's own request is answered
    /// with remote-server-not-found (its roster keeps the state, ready for when federation comes);
    /// stanzas the server generated itself go nowhere.
    /// </summary>
    private async ValueTask RouteAsync(Element stanza, ClientSession? origin, Jid sender, Jid recipient, CancellationToken ct)
    {
        if (recipient.Domain != server.Domain)
        {
            if (origin is not null)
            {
                origin.Send(Error(stanza, origin, StanzaError.RemoteServerNotFound("This server does not federate yet.")));
            }

            return;
        }

        await InboundAsync(stanza, sender, recipient, ct);
    }

    /// <summary>Processing in the recipient's roster (Appendix A.2 and A.3 for the contact's side).</summary>
    private async ValueTask InboundAsync(Element stanza, Jid sender, Jid recipient, CancellationToken ct)
    {
        switch (stanza.GetAttribute("type"))
        {
            case "subscribe":
                await InboundSubscribeAsync(stanza, sender, recipient, ct);
                break;
            case "unsubscribe":
                // §3.3.3: the sender no longer wants the recipient's presence; a pending request goes too.
                var stopped = await UpdateAsync(recipient, sender, entry =>
                {
                    entry.PendingRequest = null;
                    if (entry.Item is { } item)
                    {
                        item.Subscription &= ~Subscription.From;
                    }
                }, ct);
                if (stopped.ItemChanged || stopped.PendingChanged)
                {
                    Deliver(recipient, stanza, toInterested: true);
                }

                SendPresenceChange(recipient, sender, stopped);
                break;
            case "subscribed":
                // §3.1.6: only an approval the recipient asked for counts.
                var approved = await UpdateAsync(recipient, sender, entry =>
                {
                    if (entry.Item is { Ask: true } item)
                    {
                        item.Ask = false;
                        item.Subscription |= Subscription.To;
                    }
                }, ct);
                if (approved.ItemChanged)
                {
                    Deliver(recipient, stanza, toInterested: true);
                }

                break;
            default:
                // §3.2.3 cancellation, or a denied request.
                var cancelled = await UpdateAsync(recipient, sender, entry =>
                {
                    if (entry.Item is { } item && (item.Ask || item.HasTo))
                    {
                        item.Ask = false;
                        item.Subscription &= ~Subscription.To;
                    }
                }, ct);
                if (cancelled.ItemChanged)
                {
                    Deliver(recipient, stanza, toInterested: true);
                }

                break;
        }
    }

    /// <summary>
    /// §3.1.3: a request to an account that does not exist is answered 'unsubscribed' and leaves no
    /// trace; one from a contact already subscribed, or pre-approved (§3.4), is answered
    /// 'subscribed' without bothering the user; anything else is kept and delivered to the user's
    /// available resources, once, until the user answers.
    /// </summary>
    private async ValueTask InboundSubscribeAsync(Element request, Jid sender, Jid recipient, CancellationToken ct)
    {
        if (!await accounts.ExistsAsync(recipient.Local!, ct))
        {
            await InboundAsync(Presence("unsubscribed", recipient, sender), recipient, sender, ct);
            return;
        }

        var answer = false;
        var deliver = false;
        var change = await UpdateAsync(recipient, sender, entry =>
        {
            if (entry.Item is { HasFrom: true })
            {
                answer = true;
            }
            else if (entry.Item is { Approved: true } item)
            {
                item.Approved = false;
                item.Subscription |= Subscription.From;
                entry.PendingRequest = null;
                answer = true;
            }
            else if (entry.PendingRequest is null)
            {
                entry.PendingRequest = Keepable(request);
                deliver = true;
            }
        }, ct);
        if (change.Refused)
        {
            Log.TooManyRequests(logger, recipient.Local!, RosterStore.MaxPending);
            return;
        }

        if (answer)
        {
            await InboundAsync(Presence("subscribed", recipient, sender), recipient, sender, ct);
            if (!change.FromChanged)
            {
                // Already subscribed: the asker may have lost our presence along with the answer.
                SendPresence(recipient, sender);
            }
        }

        if (deliver)
        {
            Deliver(recipient, request, toInterested: false);
        }

        SendPresenceChange(recipient, sender, change);
    }

    /// <summary>Edits one entry and pushes the item when it changed.</summary>
    private async Task<RosterChange> UpdateAsync(Jid owner, Jid contact, Action<RosterEntry> edit, CancellationToken ct)
    {
        var change = await store.UpdateAsync(owner.Local!, contact.ToString(), edit, ct);
        if (change.ItemChanged)
        {
            pushes.Push(owner.Local!, contact.ToString(), change.After, change.Version);
        }

        return change;
    }

    /// <summary>
    /// When the contact gains or loses the owner's presence (the owner's 'from'), it gets the
    /// owner's current presence (§3.1.5) or unavailable from each available resource (§3.2.2).
    /// </summary>
    private void SendPresenceChange(Jid owner, Jid contact, RosterChange change)
    {
        if (!change.FromChanged)
        {
            return;
        }

        if (change.After?.HasFrom == true)
        {
            SendPresence(owner, contact);
            return;
        }

        foreach (var session in sessions.SessionsOf(owner))
        {
            if (session.IsAvailable)
            {
                Deliver(contact, Presence("unavailable", session.Jid, contact), toInterested: false);
            }
        }
    }

    /// <summary>The owner's current presence, from each available resource, to the contact.</summary>
    private void SendPresence(Jid owner, Jid contact)
    {
        foreach (var session in sessions.SessionsOf(owner))
        {
            if (session.Presence is { } presence)
            {
                Deliver(contact, presence.Clone().SetAttribute("to", contact.ToString()), toInterested: false);
            }
        }
    }

    /// <summary>
    /// Delivers to a local account's available resources (§3.1.3 for requests), and for answers
    /// also to those that only fetched the roster, since they track subscription state.
    /// </summary>
    private void Deliver(Jid account, Element stanza, bool toInterested)
    {
        if (account.Domain != server.Domain)
        {
            return;
        }

        foreach (var session in sessions.SessionsOf(account))
        {
            if (session.IsAvailable || (toInterested && session.IsInterested))
            {
                session.Send(stanza);
            }
        }
    }

    /// <summary>The request as it will be stored and re-sent; without its payload when that is too big.</summary>
    private static string Keepable(Element request)
    {
        var xml = StoredXml.Serialize(request);
        return StoredXml.ByteCount(xml) <= MaxStoredRequestBytes
            ? xml
            : StoredXml.Serialize(new Element("presence", Ns.Client)
                .SetAttribute("type", "subscribe")
                .SetAttribute("from", request.GetAttribute("from"))
                .SetAttribute("to", request.GetAttribute("to")));
    }

    private static Element Presence(string type, Jid from, Jid to) =>
        new Element("presence", Ns.Client)
            .SetAttribute("type", type)
            .SetAttribute("from", from.ToString())
            .SetAttribute("to", to.ToString());

    /// <summary>A presence error for the user's own request, addressed to the resource that sent it.</summary>
    private static Element Error(Element request, ClientSession origin, StanzaError error) =>
        Stanza.ErrorReply(request, error).SetAttribute("to", origin.Jid.ToString());

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "A subscription request to {Username} was dropped: {Max} requests are waiting for an answer")]
        public static partial void TooManyRequests(ILogger logger, string username, int max);

        [LoggerMessage(2, LogLevel.Warning, "A stored subscription request for {Username} could not be read")]
        public static partial void UnreadableRequest(ILogger logger, string username, Exception exception);
    }
}
