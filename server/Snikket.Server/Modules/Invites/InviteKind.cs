namespace Snikket.Server.Modules.Invites;

/// <summary>What an invite is for (Snikket's invite kinds, reference §4.1). Stored as lower-case text.</summary>
internal enum InviteKind
{
    /// <summary>One new account (XEP-0401 account creation), optionally with a fixed username. Single use.</summary>
    Account,

    /// <summary>Any number of new accounts until it expires or reaches its maximum uses.</summary>
    Group,

    /// <summary>Sets a new password for one existing account. Single use, 24 hours by default.</summary>
    Reset,

    /// <summary>
    /// A user's invitation to become contacts (XEP-0379): an existing account subscribes with the
    /// token and is approved at once; with registration allowed (<c>ibr=y</c>) the token also creates
    /// one account, which gets a mutual subscription with the inviter. Single use.
    /// </summary>
    Contact,
}
