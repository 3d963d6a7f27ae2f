using Snikket.Server.Accounts;
using Snikket.Server.Hosting;
using Snikket.Server.Sessions;
using Snikket.Xmpp;

namespace Snikket.Server.Modules.Roster;

/// <summary>
/// Mutual subscriptions the server makes on its own (issue 4): <see cref="ContactsLinked"/> from
/// invites (XEP-0379, XEP-0401) and circles gives both accounts a <c>both</c> item (in the named
/// group, if any), with no request to answer; <see cref="ContactsUnlinked"/> takes a circle's group
/// off both items and removes an item left with no group. Each side's interested resources get the
/// roster push; when a side gains or loses the other's presence, the other's available resources
/// get the current presence (RFC 6121 §3.1.5) or unavailable (§3.2.2). A repeat changes nothing and
/// sends nothing, so circles can re-link at every login.
/// </summary>
internal sealed partial class ContactLinks(
    RosterStore store,
    RosterPushes pushes,
    SessionRegistry sessions,
    ServerInfo server,
    ILogger<ContactLinks> logger)
{
    public async ValueTask LinkAsync(ContactsLinked linked, CancellationToken ct)
    {
        if (linked.UserA == linked.UserB)
        {
            return;
        }

        await LinkOneSideAsync(linked.UserA, linked.UserB, linked.Group, ct);
        await LinkOneSideAsync(linked.UserB, linked.UserA, linked.Group, ct);
    }

    public async ValueTask UnlinkAsync(ContactsUnlinked unlinked, CancellationToken ct)
    {
        if (unlinked.UserA == unlinked.UserB)
        {
            return;
        }

        await UnlinkOneSideAsync(unlinked.UserA, unlinked.UserB, unlinked.Group, ct);
        await UnlinkOneSideAsync(unlinked.UserB, unlinked.UserA, unlinked.Group, ct);
    }

    private async Task LinkOneSideAsync(string owner, string contact, string? group, CancellationToken ct)
    {
        var contactJid = Jid.Create(contact, server.Domain, null);
        var change = await store.UpdateAsync(owner, contactJid.ToString(), entry =>
        {
            var item = entry.GetOrCreateItem();
            item.Subscription = Subscription.Both;
            item.Ask = false;
            item.Approved = false;
            entry.PendingRequest = null;
            if (group is not null && !item.Groups.Contains(group) && item.Groups.Count < RosterModule.MaxGroups)
            {
                item.Groups = [.. item.Groups, group];
            }
        }, ct);
        if (change.Refused)
        {
            Log.RosterFull(logger, owner, contact);
            return;
        }

        Changed(owner, contactJid, change);
    }

    private async Task UnlinkOneSideAsync(string owner, string contact, string group, CancellationToken ct)
    {
        var contactJid = Jid.Create(contact, server.Domain, null);
        var change = await store.UpdateAsync(owner, contactJid.ToString(), entry =>
        {
            if (entry.Item is not { } item || !item.Groups.Contains(group))
            {
                return;
            }

            item.Groups = [.. item.Groups.Where(g => g != group)];
            if (item.Groups.Count == 0)
            {
                entry.Item = null;
                entry.PendingRequest = null;
            }
        }, ct);
        Changed(owner, contactJid, change);
    }

    private void Changed(string owner, Jid contact, RosterChange change)
    {
        if (change.ItemChanged)
        {
            pushes.Push(owner, contact.ToString(), change.After, change.Version);
        }

        if (!change.FromChanged)
        {
            return;
        }

        // The contact gained or lost the owner's presence.
        var ownerJid = Jid.Create(owner, server.Domain, null);
        foreach (var session in sessions.SessionsOf(ownerJid))
        {
            if (session.Presence is not { } presence)
            {
                continue;
            }

            var stanza = change.After?.HasFrom == true
                ? presence.Clone().SetAttribute("from", session.Jid.ToString()).SetAttribute("to", contact.ToString())
                : new Element("presence", Ns.Client).SetAttribute("type", "unavailable").SetAttribute("from", session.Jid.ToString()).SetAttribute("to", contact.ToString());
            foreach (var target in sessions.SessionsOf(contact))
            {
                if (target.IsAvailable)
                {
                    target.Send(stanza);
                }
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not add {Contact} to the full roster of {Owner}")]
        public static partial void RosterFull(ILogger logger, string owner, string contact);
    }
}
