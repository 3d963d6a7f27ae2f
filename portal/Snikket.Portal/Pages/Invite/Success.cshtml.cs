using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Snikket.Portal.Pages.Invite;

/// <summary><c>/invite/success</c>: the address just registered (or re-keyed), from the redirect that led here.</summary>
public sealed class SuccessModel : PageModel
{
    public string? Jid { get; private set; }

    public bool WasReset { get; private set; }

    public void OnGet()
    {
        Jid = TempData["Registered"] as string;
        WasReset = TempData["Reset"] is true;
    }
}
