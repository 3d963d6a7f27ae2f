using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Snikket.Portal.Pages.Admin;

/// <summary><c>/admin</c>: the admin panel's tiles (users, invitations, circles, system).</summary>
public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
