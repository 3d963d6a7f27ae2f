namespace Snikket.AdminApi;

/// <summary>
/// <c>GET /register_api/invite/{token}</c>, public: what the invite landing page shows. Snikket's
/// shape: the service name and domain, the token, the <c>xmpp:</c> URI the app takes, the invite
/// type (<c>register</c> or <c>roster</c>), the username it is bound to (<see cref="Jid"/>), who
/// sent it, and whether it resets a password; plus when it stops working (Unix seconds).
/// </summary>
public sealed record InviteLookup(
    string SiteName,
    string Domain,
    string Token,
    string Uri,
    string Type,
    string? Jid,
    string? Inviter,
    bool Reset,
    bool AllowsRegistration,
    long Expires);
