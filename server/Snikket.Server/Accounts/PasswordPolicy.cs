namespace Snikket.Server.Accounts;

/// <summary>
/// Snikket's password rule (<c>password_policy.length = 10</c>), applied wherever a user chooses a
/// password: in-band registration and password change, and the portal. The operator's
/// <c>user add</c> command does not apply it (benchmark and test accounts).
/// </summary>
internal static class PasswordPolicy
{
    public const int MinLength = 10;

    /// <summary>Bounds the work of hashing a password; nobody types more.</summary>
    public const int MaxLength = 1024;

    /// <summary>Why the password is not acceptable, in a sentence for the user; null when it is.</summary>
    public static string? Problem(string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength)
        {
            return $"The password must be at least {MinLength} characters long.";
        }

        return password.Length > MaxLength ? $"The password must be at most {MaxLength} characters long." : null;
    }
}
