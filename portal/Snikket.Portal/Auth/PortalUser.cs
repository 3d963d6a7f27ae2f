using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Snikket.AdminApi;

namespace Snikket.Portal.Auth;

/// <summary>
/// The portal's login session: the API token from the server, the account's address and role,
/// in the (data-protected) authentication cookie, which expires when the token does.
/// </summary>
internal static class PortalUser
{
    public const string TokenClaim = "snikket:api-token";

    public static string ApiToken(this ClaimsPrincipal user) =>
        user.FindFirstValue(TokenClaim) ?? throw new InvalidOperationException("The page needs a logged-in user.");

    public static string Address(this ClaimsPrincipal user) => user.Identity?.Name ?? "";

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(ApiRoles.Admin);

    public static async Task SignInAsync(HttpContext http, TokenResponse token)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, token.Username),
                new Claim(ClaimTypes.Role, token.Role),
                new Claim(TokenClaim, token.Token),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignInAsync(
            CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(identity),
            new AuthenticationProperties
            {
                ExpiresUtc = DateTimeOffset.FromUnixTimeSeconds(token.ExpiresAt),
                IsPersistent = false,
                AllowRefresh = false,
            });
    }

    public static Task SignOutAsync(HttpContext http) => http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
}
