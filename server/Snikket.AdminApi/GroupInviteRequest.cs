namespace Snikket.AdminApi;

/// <summary>
/// <c>POST /admin_api/invites/group</c>: a reusable invite for <see cref="Groups"/> (at least one
/// circle), for at most <see cref="MaxUses"/> accounts (null: no limit) within <see cref="Ttl"/> seconds.
/// </summary>
public sealed record GroupInviteRequest(
    IReadOnlyList<string> Groups,
    IReadOnlyList<string>? Roles = null,
    string? Note = null,
    long? Ttl = null,
    int? MaxUses = null);
