namespace Snikket.Server.Accounts;

/// <summary>
/// A new account exists (created from an invite, in-band or on the portal). Published after the
/// account's transaction committed. <paramref name="Circles"/> are the circle ids the account joins;
/// null means "the default circle" (Modules/Circles). <paramref name="InvitedBy"/> is the inviting
/// user's username, when a user (not the operator) made the invite.
/// </summary>
internal sealed record AccountCreated(string Username, AccountRole Role, string? InvitedBy, IReadOnlyList<string>? Circles);
