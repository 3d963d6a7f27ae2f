using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Snikket.Portal.Pages;

/// <summary><c>/</c>: the user's home when logged in, the login page otherwise.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => Redirect(User.Identity?.IsAuthenticated == true ? "/user" : "/login");
}
