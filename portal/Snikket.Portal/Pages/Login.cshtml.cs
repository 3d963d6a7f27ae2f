using System.Net;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Snikket.AdminApi;
using Snikket.Portal.Auth;

namespace Snikket.Portal.Pages;

/// <summary><c>/login</c>: address (the username or the full address) and password, checked by the server.</summary>
public sealed class LoginModel(ISnikketApi api, IStringLocalizer<Strings> t) : PageModel
{
    [BindProperty]
    public string? Address { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public List<string> Errors { get; } = [];

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? LocalRedirect(Target()) : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Address) || string.IsNullOrEmpty(Password))
        {
            Errors.Add(t["Login.Missing"]);
            return Page();
        }

        try
        {
            var token = await api.LoginAsync(Address.Trim(), Password, ct);
            await PortalUser.SignInAsync(HttpContext, token);
            return LocalRedirect(Target());
        }
        catch (ApiException e) when (e.Status is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest)
        {
            Errors.Add(t["Login.Wrong"]);
        }
        catch (ApiException e) when (e.Condition == ApiConditions.AccountLocked)
        {
            Errors.Add(t["Login.Locked"]);
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }

    private string Target() => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/user";
}
