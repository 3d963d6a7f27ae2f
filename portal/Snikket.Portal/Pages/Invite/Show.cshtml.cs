using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Snikket.AdminApi;
using Snikket.Portal.Invites;

namespace Snikket.Portal.Pages.Invite;

/// <summary>
/// <c>/invite/{token}/</c>, the page an invite link opens (issue 4; <c>reference/snikket.md</c>
/// §4.4): who invited whom to what, the app for this platform with the invite carried along, a
/// QR code on computers, the <c>xmpp:</c> URI, and registration on the web as a fallback. The
/// <c>Link: &lt;xmpp:…&gt;; rel="alternate"</c> header (readable cross-origin) lets web clients
/// resolve the invite. Unknown, used and expired tokens all get the same friendly 404.
/// </summary>
public sealed class ShowModel(ISnikketApi api, PortalSettings settings) : PageModel
{
    public InviteLookup? Invite { get; private set; }

    public ClientPlatform Platform { get; private set; }

    public string? QrCode { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, string? platform, CancellationToken ct)
    {
        Invite = await InviteLookups.FindAsync(api, token, ct);
        if (Invite is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        Response.Headers.Link = $"<{Invite.Uri}>; rel=\"alternate\"";
        Response.Headers.AccessControlAllowOrigin = "*";
        Response.Headers.AccessControlExposeHeaders = "Link";
        Platform = PlatformDetection.Choose(platform, Request.Headers.UserAgent);
        if (Platform == ClientPlatform.Desktop)
        {
            // The phone opens this same page and gets its store buttons there.
            QrCode = QrCodes.SvgDataUri(Invite.Reset ? Invite.Uri : InviteLinks.LandingPage(settings, Invite.Token));
        }

        return Page();
    }
}
