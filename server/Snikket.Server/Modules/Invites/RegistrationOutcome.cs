namespace Snikket.Server.Modules.Invites;

/// <summary>How a registration with an invite ended (<see cref="InviteRegistration"/>).</summary>
internal enum RegistrationOutcome
{
    /// <summary>A new account exists.</summary>
    Created,

    /// <summary>A reset invite set a new password on its account.</summary>
    PasswordReset,

    /// <summary>No usable invite: forged, expired, used up or revoked (never says which).</summary>
    InvalidInvite,

    /// <summary>The invite exists but cannot create accounts (a contact invite without <c>ibr=y</c>).</summary>
    NotAllowed,

    /// <summary>The username is not a valid JID localpart.</summary>
    UsernameInvalid,

    /// <summary>The invite is for another username (bound account invite, reset).</summary>
    UsernameNotAllowed,

    UsernameTaken,

    /// <summary>The password breaks <see cref="Accounts.PasswordPolicy"/>.</summary>
    PasswordRejected,
}
