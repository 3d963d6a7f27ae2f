using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Snikket.AdminApi;
using Snikket.Portal.Auth;

namespace Snikket.Portal.Pages.Admin;

/// <summary>
/// <c>/admin/invites</c>: create an invitation (single-use or reusable, access level, validity,
/// any number of circles, a note) and list, open or revoke the pending ones. Reset links are
/// made from a user's page and are not listed here.
/// </summary>
public sealed class InvitesModel(ISnikketApi api, IStringLocalizer<Strings> t) : PageModel
{
    public const long DefaultValidity = 7 * 86400;

    public static readonly IReadOnlyList<(long Seconds, string Label)> Validities =
    [
        (3600, "Invites.ValidFor.Hour"),
        (12 * 3600, "Invites.ValidFor.HalfDay"),
        (86400, "Invites.ValidFor.Day"),
        (DefaultValidity, "Invites.ValidFor.Week"),
        (28 * 86400, "Invites.ValidFor.FourWeeks"),
    ];

    public IReadOnlyList<InviteInfo> Invites { get; private set; } = [];

    public IReadOnlyList<CircleInfo> Circles { get; private set; } = [];

    public List<string> Errors { get; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(string? kind, string? role, long? ttl, string[]? circles, int? maxUses, string? note, CancellationToken ct)
    {
        var token = User.ApiToken();
        // No circle ticked means "the default circle" (null), as with the API; an empty list would
        // make an invite whose users join no circle and see nobody in their roster.
        IReadOnlyList<string>? groups = circles is { Length: > 0 } ? circles : null;
        IReadOnlyList<string> roles = [ApiRoles.IsKnown(role) ? role! : ApiRoles.Normal];
        var validity = Validities.Any(v => v.Seconds == ttl) ? ttl!.Value : DefaultValidity;
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        try
        {
            InviteInfo invite;
            if (kind == "group")
            {
                if (groups is null)
                {
                    Errors.Add(t["Invites.GroupNeedsCircle"]);
                    await LoadAsync(ct);
                    Response.StatusCode = StatusCodes.Status400BadRequest;
                    return Page();
                }

                invite = await api.CreateGroupInviteAsync(token, new GroupInviteRequest(groups, roles, note, validity, maxUses), ct);
            }
            else
            {
                invite = await api.CreateAccountInviteAsync(token, new AccountInviteRequest(null, groups, roles, note, validity), ct);
            }

            TempData["InviteLink"] = invite.LandingPage;
            TempData["InviteUri"] = invite.Uri;
            return Redirect("/admin/invites/" + Uri.EscapeDataString(invite.Id));
        }
        catch (ApiException e) when (e.Condition is ApiConditions.BadRequest or ApiConditions.PayloadTooLarge or ApiConditions.NotFound)
        {
            Errors.Add(t["Invites.CreateFailed", e.Message]);
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
    }

    public async Task<IActionResult> OnPostRevokeAsync(string id, CancellationToken ct)
    {
        await api.RevokeInviteAsync(User.ApiToken(), id, ct);
        TempData["Flash"] = t["Invites.Revoked"].Value;
        return Redirect("/admin/invites");
    }

    public string CircleNames(IReadOnlyList<string> ids) => DescribeCircles(ids, Circles, t);

    /// <summary>The names of the circles <paramref name="ids"/> (an id whose circle is gone stays an id).</summary>
    public static string DescribeCircles(IReadOnlyList<string> ids, IReadOnlyList<CircleInfo> circles, IStringLocalizer<Strings> t)
    {
        var names = ids.Select(id => circles.FirstOrDefault(c => c.Id == id)?.Name ?? id).ToList();
        return names.Count == 0 ? t["Invites.NoCircle"] : string.Join(", ", names);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var token = User.ApiToken();
        Invites = [.. (await api.ListInvitesAsync(token, ct)).Where(i => !i.Reset).OrderByDescending(i => i.CreatedAt)];
        Circles = await api.ListCirclesAsync(token, ct);
    }
}
