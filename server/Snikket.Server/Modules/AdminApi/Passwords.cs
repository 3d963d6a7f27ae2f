using Snikket.AdminApi;
using Snikket.Xmpp.Sasl;

namespace Snikket.Server.Modules.AdminApi;

/// <summary>The password policy of every endpoint that sets one: at least 10 characters, at most 1024, and usable by SCRAM (SASLprep).</summary>
internal static class Passwords
{
    /// <summary>The error answer for a password that breaks the policy, or null when it is fine.</summary>
    public static IResult? Problem(string password)
    {
        if (password.Length < AdminApiOptions.MinPasswordLength)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, ApiConditions.PasswordTooShort, $"The password needs at least {AdminApiOptions.MinPasswordLength} characters.");
        }

        if (password.Length > AdminApiOptions.MaxPasswordLength || SaslPrep.Prepare(password) is null)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, ApiConditions.InvalidPassword, "The password is too long or contains characters that cannot be used.");
        }

        return null;
    }
}
