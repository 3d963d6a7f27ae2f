namespace Snikket.AdminApi;

/// <summary>
/// <c>POST /admin_api/invites/account</c>: a single-use account invite, optionally bound to a
/// username, putting the new account in <see cref="Groups"/> (circle ids) with the first of
/// <see cref="Roles"/>; valid for <see cref="Ttl"/> seconds (default 7 days).
/// </summary>
public sealed record AccountInviteRequest(
    string? Username = null,
    IReadOnlyList<string>? Groups = null,
    IReadOnlyList<string>? Roles = null,
    string? Note = null,
    long? Ttl = null);
