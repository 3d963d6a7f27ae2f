using Snikket.Server.Hosting;
using Snikket.Server.Routing;
using Snikket.Server.Sessions;
using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Modules.Carbons;

/// <summary>
/// XEP-0280: Message Carbons. A session that enabled carbons gets a wrapped copy of every
/// instant message its account receives on another resource (§7) and of every one its account
/// sends from another resource (§8), so a phone and a laptop both show the whole conversation.
/// Copies are made in the <see cref="MessageStage.Copy"/> stage, after delivery, so the sessions
/// that already got the original are known and skipped.
/// </summary>
[Xep(280, "1.0.1")]
internal sealed class CarbonsModule(SessionRegistry sessions, ServerInfo server) : IModule
{
    public const string Ns = "urn:xmpp:carbons:2";
    public const string ForwardNs = "urn:xmpp:forward:0";

    public void Register(ModuleRegistry module)
    {
        module.AddFeature(To.Host, Ns);
        module.OnIq(IqType.Set, To.Bare, Ns, "enable", (iq, ct) => SetAsync(iq, enabled: true, ct));
        module.OnIq(IqType.Set, To.Bare, Ns, "disable", (iq, ct) => SetAsync(iq, enabled: false, ct));
        module.OnMessageStage(MessageStage.Copy, CopyAsync);
    }

    /// <summary>
    /// §4–§5: enable or disable for the requesting session. Repeating either is not an error
    /// (§9.1). Only the account's own sessions may do this: an IQ to someone else's bare JID is
    /// not-allowed, as §5.1 recommends for a request about another client's carbons.
    /// </summary>
    private ValueTask SetAsync(IqRequest iq, bool enabled, CancellationToken ct)
    {
        if (iq.To.Bare != iq.From.Bare || sessions.Find(iq.From) is not { } session)
        {
            return iq.ErrorAsync(StanzaError.NotAllowed("Carbons are set by the session itself."), ct);
        }

        session.State<CarbonsState>().Enabled = enabled;
        return iq.ReplyAsync(iq.Result(), ct);
    }

    private ValueTask CopyAsync(MessageDelivery delivery, CancellationToken ct)
    {
        var message = delivery.Stanza;
        if (!CarbonRules.IsEligible(message, delivery.Type))
        {
            return ValueTask.CompletedTask;
        }

        var fromLocal = delivery.From.Domain == server.Domain && delivery.From.Local is not null;
        var toSelf = fromLocal && delivery.From.Bare == delivery.To.Bare;

        // §7: the recipient's other carbons-enabled resources. A message to oneself is copied
        // once per session, as received, never to the session that sent it.
        if (!CarbonRules.IsPrivateFromRoom(message))
        {
            CopyTo(delivery, delivery.To.Bare, "received", skip: toSelf ? delivery.From : null);
        }

        // §8: the sender's other carbons-enabled resources, whether or not the sending session has
        // carbons enabled itself, and whether or not the recipient was online.
        if (fromLocal && !toSelf)
        {
            CopyTo(delivery, delivery.From.Bare, "sent", skip: delivery.From);
        }

        return ValueTask.CompletedTask;
    }

    private void CopyTo(MessageDelivery delivery, Jid account, string direction, Jid? skip)
    {
        foreach (var session in sessions.SessionsOf(account))
        {
            if (!session.State<CarbonsState>().Enabled || session.Jid == skip || Got(delivery, session))
            {
                continue;
            }

            session.Send(Wrap(delivery.Stanza, delivery.Type, account, session.Jid, direction));
        }
    }

    /// <summary>§7: the resources the original was addressed and delivered to do not get a copy.</summary>
    private static bool Got(MessageDelivery delivery, ClientSession session)
    {
        foreach (var delivered in delivery.DeliveredTo)
        {
            if (ReferenceEquals(delivered, session))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// §7/§8: a message from the account's bare JID to the session's full JID, of the same type,
    /// holding the original in a XEP-0297 &lt;forwarded/&gt;. The original may already sit in other
    /// sessions' outboxes, so the copy gets its own clone of it.
    /// </summary>
    private static Element Wrap(Element original, string type, Jid account, Jid to, string direction)
    {
        var copy = new Element("message", original.Namespace)
            .SetAttribute("from", account.ToString())
            .SetAttribute("to", to.ToString())
            .SetAttribute("type", original.GetAttribute("type") is null ? null : type);
        copy.AddElement(direction, Ns)
            .AddElement("forwarded", ForwardNs)
            .Add(original.Clone());
        return copy;
    }
}
