using System.Collections.Frozen;
using Snikket.Xmpp;

namespace Snikket.Server.Routing;

/// <summary>The identities, features and extended information (XEP-0030, XEP-0128) that modules declared, for the server and for accounts.</summary>
internal sealed class DiscoCatalog
{
    public DiscoCatalog(
        IReadOnlyList<DiscoIdentity> hostIdentities,
        IReadOnlyList<string> hostFeatures,
        IReadOnlyList<Element> hostForms,
        IReadOnlyList<DiscoIdentity> accountIdentities,
        IReadOnlyList<string> accountFeatures,
        IEnumerable<Func<DiscoCatalog, string>> hostInfoNodes)
    {
        HostIdentities = hostIdentities;
        HostFeatures = hostFeatures;
        HostForms = hostForms;
        AccountIdentities = accountIdentities;
        AccountFeatures = accountFeatures;
        // Last: a node name may be derived from everything above (a XEP-0115 hash is).
        HostInfoNodes = hostInfoNodes.Select(node => node(this)).ToFrozenSet(StringComparer.Ordinal);
    }

    public IReadOnlyList<DiscoIdentity> HostIdentities { get; }

    /// <summary>Sorted and distinct, as XEP-0115 hashing wants them.</summary>
    public IReadOnlyList<string> HostFeatures { get; }

    /// <summary>XEP-0128 data forms (<c>jabber:x:data</c>, <c>type='result'</c>) shown in the server's disco#info. Never mutated; copy before sending.</summary>
    public IReadOnlyList<Element> HostForms { get; }

    public IReadOnlyList<DiscoIdentity> AccountIdentities { get; }

    public IReadOnlyList<string> AccountFeatures { get; }

    /// <summary>Disco#items nodes on the server and who lists their items (XEP-0050's commands node).</summary>
    public FrozenDictionary<string, DiscoItemsProvider> HostItemNodes { get; init; } = FrozenDictionary<string, DiscoItemsProvider>.Empty;

    /// <summary>Disco#info nodes on the server that answer with the server's own info (the XEP-0115 §6.2 caps node).</summary>
    public IReadOnlySet<string> HostInfoNodes { get; }
}
