namespace Snikket.Server.Accounts;

/// <summary>
/// What an account may do (Snikket's access levels). Stored as lower-case text: <c>admin</c>,
/// <c>normal</c>, <c>limited</c>.
/// </summary>
internal enum AccountRole
{
    /// <summary>Full use: chat, create contact invites.</summary>
    Normal,

    /// <summary>Everything a normal user can, plus the admin API, the portal's admin pages and account invites.</summary>
    Admin,

    /// <summary>
    /// Local-only use. Cannot create invites. Federation and public rooms do not exist on this
    /// server yet; when they do, limited accounts must be kept out of both.
    /// </summary>
    Limited,
}
