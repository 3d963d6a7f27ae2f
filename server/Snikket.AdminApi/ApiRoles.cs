namespace Snikket.AdminApi;

/// <summary>
/// Account roles as the API spells them (issue 4; Snikket's access levels Administrator, Normal
/// user and Limited, <c>reference/snikket.md</c> §4.6).
/// </summary>
public static class ApiRoles
{
    /// <summary>Everything, including the admin API.</summary>
    public const string Admin = "admin";

    /// <summary>Full use of the service, federation included (the default).</summary>
    public const string Normal = "normal";

    /// <summary>Local-only: no federation, no invites, no public rooms.</summary>
    public const string Limited = "limited";

    /// <summary>Every role, most privileged first.</summary>
    public static IReadOnlyList<string> All { get; } = [Admin, Normal, Limited];

    public static bool IsKnown(string? role) => role is Admin or Normal or Limited;
}
