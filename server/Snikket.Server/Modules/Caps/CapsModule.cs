using Snikket.Server.Routing;

namespace Snikket.Server.Modules.Caps;

/// <summary>
/// XEP-0115: Entity Capabilities for the server. The 'ver' (§5.1, sha-1) is worked out once from
/// the server's disco#info as every module declared it, and the caps node 'node#ver' is answered
/// with that same info (§6.2), so a client that has seen the hash before need not ask again.
/// </summary>
[Xep(115, "1.6.0")]
internal sealed class CapsModule : IModule
{
    public const string Ns = "http://jabber.org/protocol/caps";

    /// <summary>The software's caps node (§4: a URI that names the software).</summary>
    public const string Node = "https://snikket.org";

    public void Register(ModuleRegistry module)
    {
        module.AddFeature(To.Host, Ns);
        module.AddHostInfoNode(disco => Node + "#" + Ver(disco));
    }

    /// <summary>The server's verification string.</summary>
    internal static string Ver(DiscoCatalog disco) =>
        CapsHash.Compute(
            disco.HostIdentities.Select(i => new CapsIdentity(i.Category, i.Type, null, i.Name)),
            disco.HostFeatures,
            disco.HostForms);
}
