namespace Snikket.Server.Accounts;

/// <summary>How a change to an account (role, lock, deletion) ended.</summary>
internal enum AccountChange
{
    /// <summary>Done (or nothing needed doing: the account already was that way).</summary>
    Done,

    /// <summary>There is no such account.</summary>
    NotFound,

    /// <summary>
    /// Refused: the account is the last admin that can log in, and the change would leave the
    /// server without one (demotion, lock, deletion).
    /// </summary>
    LastAdmin,
}
