using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Snikket.Portal.Auth;

namespace Snikket.Portal.Pages;

/// <summary><c>/logout</c>: a POST (with its antiforgery token) ends the session; a GET changes nothing.</summary>
public sealed class LogoutModel : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        await PortalUser.SignOutAsync(HttpContext);
        return Redirect("/login");
    }
}
