namespace Snikket.AdminApi;

/// <summary>The stable error conditions of the internal API (the <c>error</c> field of <see cref="ApiError"/>).</summary>
public static class ApiConditions
{
    /// <summary>401: no bearer token, a malformed or forged one, or one that no longer matches the account.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>401: the token was genuine but its lifetime is over; log in again.</summary>
    public const string TokenExpired = "token-expired";

    /// <summary>401: wrong username or password at login (one answer for both, so names cannot be probed).</summary>
    public const string InvalidCredentials = "invalid-credentials";

    /// <summary>403: the caller's role does not allow this.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>403: the account is locked by an administrator.</summary>
    public const string AccountLocked = "account-locked";

    /// <summary>404: no such user, invite, circle or route.</summary>
    public const string NotFound = "not-found";

    /// <summary>400: the body is not the JSON this endpoint takes, or a field is missing or out of range.</summary>
    public const string BadRequest = "bad-request";

    /// <summary>413: the body or a field is larger than the endpoint allows.</summary>
    public const string PayloadTooLarge = "payload-too-large";

    /// <summary>415: the body is not <c>application/json</c>.</summary>
    public const string UnsupportedMediaType = "unsupported-media-type";

    /// <summary>400: the username is not a valid JID localpart (or is empty or too long).</summary>
    public const string InvalidUsername = "invalid-username";

    /// <summary>409: an account with this username exists.</summary>
    public const string UsernameTaken = "username-taken";

    /// <summary>400: the new password is shorter than the policy allows.</summary>
    public const string PasswordTooShort = "password-too-short";

    /// <summary>400: the password cannot be used (disallowed characters, too long).</summary>
    public const string InvalidPassword = "invalid-password";

    /// <summary>404: the invite token is unknown, used up, revoked or expired (one answer for all).</summary>
    public const string InviteInvalid = "invite-invalid";

    /// <summary>403: the invite does not allow this registration (e.g. it is bound to another username).</summary>
    public const string InviteDeclined = "invite-declined";

    /// <summary>409: the change would leave the server without an administrator.</summary>
    public const string LastAdmin = "last-admin";

    /// <summary>409: the request conflicts with the current state (e.g. a circle name in use).</summary>
    public const string Conflict = "conflict";

    /// <summary>500: the server failed; the log says why.</summary>
    public const string InternalError = "internal-error";
}
