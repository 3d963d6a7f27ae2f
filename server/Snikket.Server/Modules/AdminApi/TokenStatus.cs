namespace Snikket.Server.Modules.AdminApi;

/// <summary>The verdict on a bearer token's signature and lifetime.</summary>
internal enum TokenStatus
{
    Invalid,
    Expired,
    Valid,
}
