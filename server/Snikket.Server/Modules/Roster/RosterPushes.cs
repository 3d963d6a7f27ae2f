using System.Globalization;
using Snikket.Server.Hosting;
using Snikket.Server.Sessions;
using Snikket.Xmpp;

namespace Snikket.Server.Modules.Roster;

/// <summary>
/// Roster pushes (RFC 6121 §2.1.6): after a roster item changes, every interested resource of the
/// user (one that fetched the roster) gets the item with the new version.
/// </summary>
internal sealed class RosterPushes(SessionRegistry sessions, ServerInfo server)
{
    private long _pushes;

    /// <summary>Pushes <paramref name="item"/>, or its removal when null, to the user's interested resources.</summary>
    public void Push(string username, string jid, RosterItem? item, long version)
    {
        foreach (var session in sessions.SessionsOf(Jid.Create(username, server.Domain, null)))
        {
            if (!session.IsInterested)
            {
                continue;
            }

            // §2.1.6: no 'from' means "from the user's own account", which clients accept.
            var push = new Element("iq", Ns.Client)
                .SetAttribute("type", "set")
                .SetAttribute("id", "push" + Interlocked.Increment(ref _pushes).ToString(CultureInfo.InvariantCulture))
                .SetAttribute("to", session.Jid.ToString());
            push.AddElement("query", RosterModule.Ns)
                .SetAttribute("ver", version.ToString(CultureInfo.InvariantCulture))
                .Add(item is null ? RemovedItem(jid) : ToElement(item));
            session.Send(push);
        }
    }

    /// <summary>A roster item as clients see it (§2.1.2): jid, name, subscription, ask, approved, groups.</summary>
    public static Element ToElement(RosterItem item)
    {
        var element = new Element("item", RosterModule.Ns)
            .SetAttribute("jid", item.Jid)
            .SetAttribute("name", item.Name)
            .SetAttribute("subscription", item.Subscription switch
            {
                Subscription.Both => "both",
                Subscription.From => "from",
                Subscription.To => "to",
                _ => "none",
            })
            .SetAttribute("ask", item.Ask ? "subscribe" : null)
            .SetAttribute("approved", item.Approved ? "true" : null);
        foreach (var group in item.Groups)
        {
            element.AddElement("group", RosterModule.Ns).AddText(group);
        }

        return element;
    }

    private static Element RemovedItem(string jid) =>
        new Element("item", RosterModule.Ns).SetAttribute("jid", jid).SetAttribute("subscription", "remove");
}
