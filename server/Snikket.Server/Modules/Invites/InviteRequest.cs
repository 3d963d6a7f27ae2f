using Snikket.Server.Accounts;

namespace Snikket.Server.Modules.Invites;

/// <summary>
/// What to invite for; see <see cref="InviteStore.CreateAsync"/> for the rules per kind. Usernames
/// are prepared JID localparts. <see cref="ValidFor"/> defaults to 7 days (24 hours for a reset).
/// </summary>
internal sealed record InviteRequest
{
    public required InviteKind Kind { get; init; }

    /// <summary>The inviting user (required for <see cref="InviteKind.Contact"/>); null for the operator.</summary>
    public string? Creator { get; init; }

    /// <summary>Account: the only username it may register (optional). Reset: the account (required).</summary>
    public string? Username { get; init; }

    public AccountRole Role { get; init; } = AccountRole.Normal;

    /// <summary>Contact invites only: may the token also create an account (<c>ibr=y</c>)?</summary>
    public bool AllowRegistration { get; init; } = true;

    /// <summary>Account and group invites: give each new account a mutual subscription with <see cref="Creator"/>. Always true for contact invites.</summary>
    public bool LinkCreator { get; init; }

    /// <summary>Group invites: how many accounts it may create (null: unlimited until it expires). Other kinds are single-use.</summary>
    public int? MaxUses { get; init; }

    /// <summary>Circle ids new accounts join; null means the default circle, empty means none.</summary>
    public IReadOnlyList<string>? Circles { get; init; }

    public string? Note { get; init; }

    public TimeSpan? ValidFor { get; init; }
}
