using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Snikket.AdminApi;
using Snikket.Portal.Auth;

namespace Snikket.Portal.Pages.User;

/// <summary>
/// <c>/user/password</c>: current password, new one twice. The server checks the current one and
/// the policy; a new password ends every token, so the person logs in again with it.
/// </summary>
public sealed class PasswordModel(ISnikketApi api, IStringLocalizer<Strings> t) : PageModel
{
    public List<string> Errors { get; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? current, string? @new, string? confirm, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(current) || string.IsNullOrEmpty(@new))
        {
            Errors.Add(t["Password.Missing"]);
        }
        else if (@new != confirm)
        {
            Errors.Add(t["Password.Mismatch"]);
        }
        else
        {
            try
            {
                await api.ChangePasswordAsync(User.ApiToken(), current, @new, ct);
                await PortalUser.SignOutAsync(HttpContext);
                TempData["Flash"] = t["Password.Changed"].Value;
                return Redirect("/login");
            }
            catch (ApiException e) when (e.Condition == ApiConditions.InvalidCredentials)
            {
                Errors.Add(t["Password.WrongCurrent"]);
            }
            catch (ApiException e) when (e.Condition == ApiConditions.PasswordTooShort)
            {
                Errors.Add(t["Password.TooShort"]);
            }
            catch (ApiException e) when (e.Condition == ApiConditions.InvalidPassword)
            {
                Errors.Add(t["Password.Invalid"]);
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
