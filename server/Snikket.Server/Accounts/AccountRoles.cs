namespace Snikket.Server.Accounts;

/// <summary>The text form of <see cref="AccountRole"/>, as stored, shown by the API and typed on the command line.</summary>
internal static class AccountRoles
{
    public static string ToText(this AccountRole role) => role switch
    {
        AccountRole.Admin => "admin",
        AccountRole.Limited => "limited",
        _ => "normal",
    };

    /// <summary>Parses <c>admin</c>, <c>normal</c> or <c>limited</c> (case-insensitive); false for anything else.</summary>
    public static bool TryParse(string? text, out AccountRole role)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "admin":
                role = AccountRole.Admin;
                return true;
            case "normal":
                role = AccountRole.Normal;
                return true;
            case "limited":
                role = AccountRole.Limited;
                return true;
            default:
                role = AccountRole.Normal;
                return false;
        }
    }

    /// <summary>Parses stored text; unknown text (written by a newer version) reads as the least privileged role.</summary>
    public static AccountRole FromStored(string text) => TryParse(text, out var role) ? role : AccountRole.Limited;
}
