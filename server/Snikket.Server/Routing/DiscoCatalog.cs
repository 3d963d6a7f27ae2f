namespace Snikket.Server.Routing;

/// <summary>The identities and features (XEP-0030) that modules declared, for the server and for accounts.</summary>
internal sealed class DiscoCatalog(
    IReadOnlyList<DiscoIdentity> hostIdentities,
    IReadOnlyList<string> hostFeatures,
    IReadOnlyList<DiscoIdentity> accountIdentities,
    IReadOnlyList<string> accountFeatures)
{
    public IReadOnlyList<DiscoIdentity> HostIdentities => hostIdentities;

    /// <summary>Sorted and distinct, as XEP-0115 hashing will want them.</summary>
    public IReadOnlyList<string> HostFeatures => hostFeatures;

    public IReadOnlyList<DiscoIdentity> AccountIdentities => accountIdentities;

    public IReadOnlyList<string> AccountFeatures => accountFeatures;
}
