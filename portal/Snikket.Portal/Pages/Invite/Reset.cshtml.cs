using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Snikket.AdminApi;
using Snikket.Portal.Invites;

namespace Snikket.Portal.Pages.Invite;

/// <summary><c>/invite/{token}/reset</c>: a password-reset link used on the web: a new password, once.</summary>
public sealed class ResetModel(ISnikketApi api, IStringLocalizer<Strings> t) : PageModel
{
    public InviteLookup? Invite { get; private set; }

    public List<string> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        Invite = await InviteLookups.FindAsync(api, token, ct);
        return Invite is { Reset: true } ? Page() : Invalid();
    }

    public async Task<IActionResult> OnPostAsync(string token, string? password, string? confirm, CancellationToken ct)
    {
        Invite = await InviteLookups.FindAsync(api, token, ct);
        if (Invite is not { Reset: true, Jid: not null })
        {
            return Invalid();
        }

        if (string.IsNullOrEmpty(password) || password.Length < 10)
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
                var done = await api.RegisterAsync(new RegisterRequest(Invite.Jid.Split('@')[0], password, token), ct);
                TempData["Registered"] = done.Jid;
                TempData["Reset"] = true;
                return Redirect("/invite/success");
            }
            catch (ApiException e) when (e.Condition == ApiConditions.InviteInvalid)
            {
                return Invalid();
            }
            catch (ApiException e) when (e.Condition is ApiConditions.PasswordTooShort or ApiConditions.InvalidPassword)
            {
                Errors.Add(t["Password.Invalid"]);
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private PageResult Invalid()
    {
        Invite = null;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
