using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Snikket.AdminApi;
using Snikket.Portal.Auth;

namespace Snikket.Portal.Pages.Admin;

/// <summary>
/// <c>/admin/invites/{id}</c>: one invitation. Right after it was made, also its link, a QR code
/// and ways to send it (the server keeps only a hash of the token, so the link is shown once).
/// </summary>
public sealed class InviteModel(ISnikketApi api, IStringLocalizer<Strings> t) : PageModel
{
    public InviteInfo Invite { get; private set; } = null!;

    public string? Link { get; private set; }

    public string CircleNames { get; private set; } = "";

    public async Task OnGetAsync(string id, CancellationToken ct)
    {
        Invite = await api.GetInviteAsync(User.ApiToken(), id, ct);
        CircleNames = InvitesModel.DescribeCircles(Invite.Groups, await api.ListCirclesAsync(User.ApiToken(), ct), t);
        Link = TempData["InviteLink"] as string ?? Invite.LandingPage;
    }

    public async Task<IActionResult> OnPostRevokeAsync(string id, CancellationToken ct)
    {
        await api.RevokeInviteAsync(User.ApiToken(), id, ct);
        TempData["Flash"] = t["Invites.Revoked"].Value;
        return Redirect("/admin/invites");
    }
}
