using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Snikket.AdminApi;
using Snikket.Portal.Auth;

namespace Snikket.Portal.Pages.Admin;

/// <summary><c>/admin/circles</c>: the circles (groups whose members see each other as contacts), and a form to make one.</summary>
public sealed class CirclesModel(ISnikketApi api, IStringLocalizer<Strings> t) : PageModel
{
    public IReadOnlyList<CircleInfo> Circles { get; private set; } = [];

    public List<string> Errors { get; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Circles = await api.ListCirclesAsync(User.ApiToken(), ct);

    public async Task<IActionResult> OnPostAsync(string? name, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            Errors.Add(t["Circles.NameMissing"]);
        }
        else
        {
            try
            {
                var circle = await api.CreateCircleAsync(User.ApiToken(), new CircleCreateRequest(name.Trim()), ct);
                return Redirect("/admin/circles/" + Uri.EscapeDataString(circle.Id));
            }
            catch (ApiException e) when (e.Condition is ApiConditions.BadRequest or ApiConditions.PayloadTooLarge or ApiConditions.Conflict)
            {
                Errors.Add(t["Circles.Failed", e.Message]);
            }
        }

        Circles = await api.ListCirclesAsync(User.ApiToken(), ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
