namespace Snikket.AdminApi;

/// <summary>
/// <c>PUT</c>/<c>PATCH /admin_api/users/{u}</c>: the fields to change, null for "leave as is".
/// <see cref="Enabled"/> false locks the account; true unlocks it and cancels a pending deletion.
/// </summary>
public sealed record UserUpdate(string? DisplayName = null, string? Role = null, bool? Enabled = null);
