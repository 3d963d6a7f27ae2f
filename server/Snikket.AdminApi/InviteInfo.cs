namespace Snikket.AdminApi;

/// <summary>
/// An invitation, in the shape of Snikket's <c>GET /admin_api/invites</c> items. <see cref="Type"/> is
/// <c>register</c> (an account) or <c>roster</c> (a contact invite that may also allow an account).
/// Tokens are kept only as hashes, so <see cref="Uri"/> and <see cref="LandingPage"/> are known only
/// in the answer to the request that created the invite, and null in listings. Times are Unix seconds.
/// </summary>
public sealed record InviteInfo(
    string Id,
    string Type,
    bool Reusable,
    string? Inviter,
    string? Jid,
    string? Uri,
    string? LandingPage,
    long CreatedAt,
    long Expires,
    IReadOnlyList<string> Groups,
    IReadOnlyList<string> Roles,
    string? Source,
    bool Reset,
    string? Note,
    int? MaxUses,
    int Uses);
