namespace Snikket.Server.Modules.ExternalServices;

/// <summary>One entry of the XEP-0215 §4 service list: a type (XEP-0215 §8.3 registry) on a host, port and transport.</summary>
internal sealed record ExternalService(string Type, string Host, int Port, string Transport)
{
    /// <summary>TURN needs credentials (XEP-0215 §3.3 "restricted"); STUN binding requests need none.</summary>
    public bool Restricted => Type != "stun";
}
