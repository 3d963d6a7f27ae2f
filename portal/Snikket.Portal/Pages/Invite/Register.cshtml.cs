using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Snikket.AdminApi;
using Snikket.Portal.Auth;
using Snikket.Portal.Invites;

namespace Snikket.Portal.Pages.Invite;

/// <summary>
/// <c>/invite/{token}/register</c>: the web fallback for making the account (username, password
/// twice), with an error for each way it can fail: taken, too short, invalid, expired. On success
/// the new user is logged in and sees their address.
/// </summary>
public sealed class RegisterModel(ISnikketApi api, IStringLocalizer<Strings> t) : PageModel
{
    public InviteLookup? Invite { get; private set; }

    public string? Username { get; private set; }

    /// <summary>The username an invite is bound to, which the form then shows read-only.</summary>
    public string? FixedUsername => Invite?.Jid?.Split('@')[0];

    public List<string> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        Invite = await InviteLookups.FindAsync(api, token, ct);
        return Usable() ? Page() : Invalid();
    }

    public async Task<IActionResult> OnPostAsync(string token, string? username, string? password, string? confirm, CancellationToken ct)
    {
        Invite = await InviteLookups.FindAsync(api, token, ct);
        if (!Usable())
        {
            return Invalid();
        }

        Username = FixedUsername ?? username?.Trim();
        if (string.IsNullOrEmpty(Username))
        {
            Errors.Add(t["Register.UsernameMissing"]);
        }
        else if (string.IsNullOrEmpty(password) || password.Length < 10)
        {
            Errors.Add(t["Password.TooShort"]);
        }
        else if (password != confirm)
        {
            Errors.Add(t["Password.Mismatch"]);
        }
        else
        {
            try
            {
                var registered = await api.RegisterAsync(new RegisterRequest(Username, password, token), ct);
                await TryLogInAsync(registered.Jid, password, ct);
                TempData["Registered"] = registered.Jid;
                return Redirect("/invite/success");
            }
            catch (ApiException e)
            {
                switch (e.Condition)
                {
                    case ApiConditions.InviteInvalid:
                        Invite = null;
                        return Invalid();
                    case ApiConditions.UsernameTaken:
                        Errors.Add(t["Register.Taken"]);
                        break;
                    case ApiConditions.InvalidUsername:
                        Errors.Add(t["Register.InvalidUsername"]);
                        break;
                    case ApiConditions.PasswordTooShort:
                        Errors.Add(t["Password.TooShort"]);
                        break;
                    case ApiConditions.InvalidPassword:
                        Errors.Add(t["Password.Invalid"]);
                        break;
                    case ApiConditions.InviteDeclined:
                        Errors.Add(t["Register.Declined"]);
                        break;
                    default:
                        throw;
                }
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private bool Usable() => Invite is { AllowsRegistration: true, Reset: false };

    private PageResult Invalid()
    {
        Invite = null;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    private async Task TryLogInAsync(string jid, string password, CancellationToken ct)
    {
        try
        {
            await PortalUser.SignInAsync(HttpContext, await api.LoginAsync(jid, password, ct));
        }
        catch (ApiException)
        {
            // The account exists; the success page works without a session too.
        }
    }
}
