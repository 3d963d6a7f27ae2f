using System.Globalization;
using Snikket.Server.Accounts;
using Snikket.Server.Hosting;
using Snikket.Server.Routing;
using Snikket.Server.Sessions;
using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Modules.Roster;

/// <summary>
/// RFC 6121 §2: the roster. Get (with versioning, §2.6), set and remove, pushes to interested
/// resources, and removal of a deleted account from every roster. Every value a client sets is
/// bounded (name and group lengths, groups per item, items per roster). The subscription stanzas
/// that change roster items (§3) are <see cref="Subscriptions"/>' business.
/// </summary>
internal sealed partial class RosterModule(
    RosterStore store,
    RosterPushes pushes,
    Subscriptions subscriptions,
    ContactLinks links,
    SessionRegistry sessions,
    ServerInfo server,
    ILogger<RosterModule> logger) : IModule
{
    public const string Ns = "jabber:iq:roster";

    /// <summary>RFC 6121 §2.6.1: the roster versioning stream feature.</summary>
    public const string VersioningNs = "urn:xmpp:features:rosterver";

    /// <summary>Longest item name accepted (§2.3.3 lets the server set the limit).</summary>
    public const int MaxNameLength = 1024;

    /// <summary>Longest group name accepted (§2.3.3).</summary>
    public const int MaxGroupLength = 1024;

    /// <summary>Most groups one item may be in.</summary>
    public const int MaxGroups = 64;

    public void Register(ModuleRegistry module)
    {
        module.AddFeature(To.Host, Ns);
        module.AddStreamFeature(StreamStage.AfterAuth, () => new Element("ver", VersioningNs));
        module.AddStreamFeature(StreamStage.AfterAuth, () => new Element("sub", Subscriptions.PreApprovalNs));
        module.OnInbound(subscriptions.FilterAsync);
        module.On<SessionAvailable>(subscriptions.ResendPendingAsync);
        module.OnIq(IqType.Get, To.Bare, Ns, "query", GetAsync);
        module.OnIq(IqType.Set, To.Bare, Ns, "query", SetAsync);
        module.On<AccountDeleted>(AccountDeletedAsync);
        module.On<ContactsLinked>(links.LinkAsync);
        module.On<ContactsUnlinked>(links.UnlinkAsync);
    }

    /// <summary>
    /// §2.1.3 roster get. §2.6.3: a client that sends the current version gets an empty result; any
    /// other version (older, unknown or empty) gets the whole roster, which the section allows in
    /// place of pushing the differences.
    /// </summary>
    private async ValueTask GetAsync(IqRequest iq, CancellationToken ct)
    {
        if (iq.To.Local != iq.From.Local)
        {
            await iq.ErrorAsync(StanzaError.Forbidden("You can read only your own roster."), ct);
            return;
        }

        // Interested before reading, so a change made while the roster is read reaches it as a push.
        if (sessions.Find(iq.From) is { } session)
        {
            session.IsInterested = true;
        }

        var username = iq.From.Local!;
        if (iq.Payload.GetAttribute("ver") is { } cached
            && cached == (await store.VersionAsync(username, ct)).ToString(CultureInfo.InvariantCulture))
        {
            await iq.ReplyAsync(iq.Result(), ct);
            return;
        }

        var (version, items) = await store.GetAsync(username, ct);
        var reply = iq.Result();
        var query = reply.AddElement("query", Ns).SetAttribute("ver", version.ToString(CultureInfo.InvariantCulture));
        foreach (var item in items)
        {
            query.Add(RosterPushes.ToElement(item));
        }

        await iq.ReplyAsync(reply, ct);
    }

    /// <summary>§2.3 add or update, §2.5 remove (subscription='remove'); errors per §2.3.3 and §2.5.3.</summary>
    private async ValueTask SetAsync(IqRequest iq, CancellationToken ct)
    {
        if (iq.To.Local != iq.From.Local)
        {
            await iq.ErrorAsync(StanzaError.Forbidden("You can change only your own roster."), ct);
            return;
        }

        var items = iq.Payload.Elements("item", Ns).Take(2).ToList();
        if (items.Count != 1)
        {
            await iq.ErrorAsync(StanzaError.BadRequest("A roster set holds exactly one item."), ct);
            return;
        }

        var item = items[0];
        if (!Jid.TryParse(item.GetAttribute("jid"), out var contact))
        {
            await iq.ErrorAsync(
                item.GetAttribute("jid") is null ? StanzaError.BadRequest("The item has no 'jid'.") : StanzaError.JidMalformed("The item's 'jid' is not a valid JID."),
                ct);
            return;
        }

        if (contact.Resource is not null)
        {
            // Subscriptions and presence broadcast work on bare JIDs (§3.1.1), so a roster entry is one.
            await iq.ErrorAsync(StanzaError.BadRequest("A roster item is a bare JID, without a resource."), ct);
            return;
        }

        var username = iq.From.Local!;
        if (item.GetAttribute("subscription") == "remove")
        {
            await RemoveAsync(iq, username, contact, ct);
            return;
        }

        // §2.1.2.5: any other 'subscription' value, and 'ask' (§2.1.2.2), are the server's to set;
        // a roster set cannot change them, so they are ignored.
        var (name, groups, error) = ReadNameAndGroups(item);
        if (error is not null)
        {
            await iq.ErrorAsync(error, ct);
            return;
        }

        var change = await store.UpdateAsync(username, contact.ToString(), entry =>
        {
            var edited = entry.GetOrCreateItem();
            edited.Name = name;
            edited.Groups = groups;
        }, ct);
        if (change.Refused)
        {
            await iq.ErrorAsync(StanzaError.PolicyViolation($"A roster holds at most {RosterStore.MaxItems} contacts."), ct);
            return;
        }

        await iq.ReplyAsync(iq.Result(), ct);
        if (change.ItemChanged)
        {
            pushes.Push(username, contact.ToString(), change.After, change.Version);
        }
    }

    private async ValueTask RemoveAsync(IqRequest iq, string username, Jid contact, CancellationToken ct)
    {
        var change = await store.UpdateAsync(username, contact.ToString(), entry =>
        {
            if (entry.Item is not null)
            {
                entry.Item = null;
                entry.PendingRequest = null;
            }
        }, ct);
        if (change.Before is null)
        {
            await iq.ErrorAsync(StanzaError.ItemNotFound("That contact is not in your roster."), ct);
            return;
        }

        await iq.ReplyAsync(iq.Result(), ct);
        pushes.Push(username, contact.ToString(), null, change.Version);
        await subscriptions.AfterRemoveAsync(iq.From.Bare, contact, change, ct);
    }

    /// <summary>The item's name and groups, or the §2.3.3 error they deserve.</summary>
    private static (string? Name, List<string> Groups, StanzaError? Error) ReadNameAndGroups(Element item)
    {
        var name = item.GetAttribute("name");
        if (name?.Length > MaxNameLength)
        {
            return (null, [], StanzaError.NotAcceptable($"A contact's name is at most {MaxNameLength} characters."));
        }

        var groups = new List<string>();
        foreach (var group in item.Elements("group", Ns))
        {
            var text = group.Text;
            if (text.Length == 0)
            {
                return (null, [], StanzaError.NotAcceptable("A group needs a name; leave the group out to put the contact in none."));
            }

            if (text.Length > MaxGroupLength)
            {
                return (null, [], StanzaError.NotAcceptable($"A group name is at most {MaxGroupLength} characters."));
            }

            if (groups.Contains(text, StringComparer.Ordinal))
            {
                return (null, [], StanzaError.BadRequest("The same group is named twice."));
            }

            if (groups.Count == MaxGroups)
            {
                return (null, [], StanzaError.NotAcceptable($"A contact is in at most {MaxGroups} groups."));
            }

            groups.Add(text);
        }

        // An empty name is no name (clients send name='' to clear it).
        return (string.IsNullOrEmpty(name) ? null : name, groups, null);
    }

    /// <summary>A deleted account leaves every roster it was in; the owners' interested resources see it go.</summary>
    private async ValueTask AccountDeletedAsync(AccountDeleted deleted, CancellationToken ct)
    {
        var jid = $"{deleted.Username}@{server.Domain}";
        var owners = await store.DeleteAccountAsync(deleted.Username, ct);
        foreach (var (owner, version) in owners)
        {
            pushes.Push(owner, jid, null, version);
        }

        Log.AccountForgotten(logger, deleted.Username, owners.Count);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Roster of {Username} deleted; removed from {Count} other rosters")]
        public static partial void AccountForgotten(ILogger logger, string username, int count);
    }
}
