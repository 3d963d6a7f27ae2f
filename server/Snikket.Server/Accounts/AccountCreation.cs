namespace Snikket.Server.Accounts;

/// <summary>How <see cref="AccountStore.CreateAsync(string, string, int, AccountRole, AccountClaim?, CancellationToken)"/> ended.</summary>
internal enum AccountCreation
{
    Created,

    /// <summary>The username is taken (nothing was written).</summary>
    Taken,

    /// <summary>The claim (e.g. consuming an invite) said no, so the account was not created.</summary>
    ClaimRefused,
}
