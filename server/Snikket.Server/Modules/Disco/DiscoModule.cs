using System.Collections.Frozen;
using Snikket.Server.Hosting;
using Snikket.Server.Modules.Roster;
using Snikket.Server.Routing;
using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Modules.Disco;

/// <summary>
/// XEP-0030: Service Discovery for the server and for accounts, built from what every module
/// declared at start-up, with XEP-0128 extended information forms on the server. The only nodes
/// are the server's info aliases (the XEP-0115 caps node) and the items nodes modules list (XEP-0050
/// commands); any other node is item-not-found.
/// </summary>
[Xep(30, "2.5rc3")]
[Xep(128, "1.0.1")]
internal sealed class DiscoModule(ServerInfo server, Func<HandlerTable> table, RosterStore roster) : IModule
{
    public const string InfoNs = "http://jabber.org/protocol/disco#info";
    public const string ItemsNs = "http://jabber.org/protocol/disco#items";

    public void Register(ModuleRegistry module)
    {
        module.AddIdentity(To.Host, new DiscoIdentity("server", "im", server.SiteName));
        module.AddFeature(To.Host, InfoNs);
        module.AddFeature(To.Host, ItemsNs);
        module.AddIdentity(To.Bare, new DiscoIdentity("account", "registered"));
        module.AddFeature(To.Bare, InfoNs);
        module.AddFeature(To.Bare, ItemsNs);
        module.OnIq(IqType.Get, To.Host, InfoNs, "query", HostInfo);
        module.OnIq(IqType.Get, To.Host, ItemsNs, "query", HostItems);
        module.OnIq(IqType.Get, To.Bare, InfoNs, "query", AccountInfo);
        module.OnIq(IqType.Get, To.Bare, ItemsNs, "query", AccountItems);
    }

    private ValueTask HostInfo(IqRequest iq, CancellationToken ct)
    {
        var disco = table().Disco;
        return Info(iq, disco.HostIdentities, disco.HostFeatures, disco.HostForms, disco.HostInfoNodes, ct);
    }

    private async ValueTask AccountInfo(IqRequest iq, CancellationToken ct)
    {
        if (!await roster.MaySeePresenceAsync(iq.To, iq.From, ct))
        {
            await HideAccountAsync(iq, ct);
            return;
        }

        var disco = table().Disco;
        await Info(iq, disco.AccountIdentities, disco.AccountFeatures, [], FrozenSet<string>.Empty, ct);
    }

    private async ValueTask AccountItems(IqRequest iq, CancellationToken ct)
    {
        if (!await roster.MaySeePresenceAsync(iq.To, iq.From, ct))
        {
            await HideAccountAsync(iq, ct);
            return;
        }

        await Items(iq, ct);
    }

    /// <summary>
    /// A stranger asking about an account gets the answer a missing account gets (RFC 6121
    /// §8.5.1: service-unavailable), so disco cannot be used to learn who has an account here; the
    /// account itself and the contacts it shares its presence with see its identity and features.
    /// </summary>
    private static ValueTask HideAccountAsync(IqRequest iq, CancellationToken ct) =>
        iq.ErrorAsync(StanzaError.ServiceUnavailable(), ct);

    private static ValueTask Info(
        IqRequest iq,
        IReadOnlyList<DiscoIdentity> identities,
        IReadOnlyList<string> features,
        IReadOnlyList<Element> forms,
        IReadOnlySet<string> nodes,
        CancellationToken ct)
    {
        var node = iq.Payload.GetAttribute("node");
        if (node is not null && !nodes.Contains(node))
        {
            return iq.ErrorAsync(StanzaError.ItemNotFound(), ct);
        }

        var reply = iq.Result();
        // XEP-0115 §6.2: the answer for a caps node repeats the node.
        var query = reply.AddElement("query", InfoNs).SetAttribute("node", node);
        foreach (var identity in identities)
        {
            query.AddElement("identity", InfoNs)
                .SetAttribute("category", identity.Category)
                .SetAttribute("type", identity.Type)
                .SetAttribute("name", identity.Name);
        }

        foreach (var feature in features)
        {
            query.AddElement("feature", InfoNs).SetAttribute("var", feature);
        }

        foreach (var form in forms)
        {
            // The catalog's forms are shared by every reply; each reply gets its own copy.
            query.Add(form.Clone());
        }

        return iq.ReplyAsync(reply, ct);
    }

    /// <summary>The server's items: none at the root; a node some module lists (ad-hoc commands) is theirs to fill.</summary>
    private async ValueTask HostItems(IqRequest iq, CancellationToken ct)
    {
        var node = iq.Payload.GetAttribute("node");
        if (node is null || !table().Disco.HostItemNodes.TryGetValue(node, out var provider))
        {
            await Items(iq, ct);
            return;
        }

        var reply = iq.Result();
        var query = reply.AddElement("query", ItemsNs).SetAttribute("node", node);
        foreach (var item in await provider(iq.From, ct))
        {
            query.AddElement("item", ItemsNs).SetAttribute("jid", item.Jid).SetAttribute("node", item.Node).SetAttribute("name", item.Name);
        }

        await iq.ReplyAsync(reply, ct);
    }

    private static ValueTask Items(IqRequest iq, CancellationToken ct)
    {
        if (iq.Payload.GetAttribute("node") is not null)
        {
            return iq.ErrorAsync(StanzaError.ItemNotFound(), ct);
        }

        var reply = iq.Result();
        reply.AddElement("query", ItemsNs);
        return iq.ReplyAsync(reply, ct);
    }
}
