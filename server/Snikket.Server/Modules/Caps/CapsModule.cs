using Snikket.Server.Routing;
using Snikket.Xmpp;

namespace Snikket.Server.Modules.Caps;

/// <summary>
/// XEP-0115: Entity Capabilities for the server. The 'ver' (§5.1, sha-1) is worked out once from
/// the server's disco#info as every module declared it; it is offered as a stream feature after
/// authentication (§6.3), and the caps node 'node#ver' is answered with that same info (§6.2), so
/// a client that has seen the hash before need not ask again.
/// </summary>
[Xep(115, "1.6.0")]
internal sealed class CapsModule(Func<HandlerTable> table) : IModule
{
    public const string Ns = "http://jabber.org/protocol/caps";

    /// <summary>The software's caps node (§4: a URI that names the software).</summary>
    public const string Node = "https://snikket.org";

    private Element? _feature;

    public void Register(ModuleRegistry module)
    {
        module.AddFeature(To.Host, Ns);
        module.AddHostInfoNode(disco => Node + "#" + Ver(disco));
        module.AddStreamFeature(StreamStage.AfterAuth, Feature);
    }

    /// <summary>The server's verification string.</summary>
    internal static string Ver(DiscoCatalog disco) =>
        CapsHash.Compute(
            disco.HostIdentities.Select(i => new CapsIdentity(i.Category, i.Type, null, i.Name)),
            disco.HostFeatures,
            disco.HostForms);

    private Element Feature()
    {
        // The disco info is fixed once the table is built, so the element is made once; each
        // stream gets its own copy because an element belongs to one parent.
        _feature ??= new Element("c", Ns)
            .SetAttribute("hash", "sha-1")
            .SetAttribute("node", Node)
            .SetAttribute("ver", Ver(table().Disco));
        return _feature.Clone();
    }
}
