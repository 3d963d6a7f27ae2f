namespace Snikket.Server.Accounts;

/// <summary>
/// What the admin API, the portal and the operator commands see of an account (never credentials).
/// Times are UTC. <see cref="DeleteAfter"/> is set while a self-deletion waits out its grace period.
/// </summary>
internal sealed record AccountInfo(
    string Username,
    AccountRole Role,
    bool Locked,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeletionRequestedAt,
    DateTimeOffset? DeleteAfter)
{
    /// <summary>True when the account cannot log in: locked, or waiting to be deleted.</summary>
    public bool Disabled => Locked || DeleteAfter is not null;

    internal static AccountInfo From(Account a) => new(
        a.Username,
        a.Role,
        a.Locked,
        DateTimeOffset.FromUnixTimeSeconds(a.CreatedAt),
        a.DeletionRequestedAt is { } requested ? DateTimeOffset.FromUnixTimeSeconds(requested) : null,
        a.DeleteAfter is { } after ? DateTimeOffset.FromUnixTimeSeconds(after) : null);
}
