using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Snikket.AdminApi;
using Snikket.Portal.Auth;

namespace Snikket.Portal.Pages.Admin;

/// <summary><c>/admin/circles/{id}</c>: rename a circle, add and remove members, delete it.</summary>
public sealed class CircleModel(ISnikketApi api, IStringLocalizer<Strings> t) : PageModel
{
    public CircleInfo Circle { get; private set; } = null!;

    /// <summary>Accounts not yet in the circle.</summary>
    public IReadOnlyList<string> Candidates { get; private set; } = [];

    public List<string> Errors { get; } = [];

    public async Task OnGetAsync(string id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task<IActionResult> OnPostRenameAsync(string id, string? name, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return await FailAsync(id, t["Circles.NameMissing"], ct);
        }

        try
        {
            await api.RenameCircleAsync(User.ApiToken(), id, name.Trim(), ct);
        }
        catch (ApiException e) when (e.Condition is ApiConditions.BadRequest or ApiConditions.PayloadTooLarge or ApiConditions.Conflict)
        {
            return await FailAsync(id, t["Circles.Failed", e.Message], ct);
        }

        return Done(id, t["Circle.Renamed"]);
    }

    public async Task<IActionResult> OnPostAddAsync(string id, string? member, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(member))
        {
            return await FailAsync(id, t["Circle.PickMember"], ct);
        }

        await api.AddCircleMemberAsync(User.ApiToken(), id, member, ct);
        return Done(id, t["Circle.Added", member]);
    }

    public async Task<IActionResult> OnPostRemoveAsync(string id, string member, CancellationToken ct)
    {
        await api.RemoveCircleMemberAsync(User.ApiToken(), id, member, ct);
        return Done(id, t["Circle.Removed", member]);
    }

    public async Task<IActionResult> OnPostDeleteAsync(string id, string? confirm, CancellationToken ct)
    {
        if (confirm != "yes")
        {
            return await FailAsync(id, t["Circle.DeleteNotConfirmed"], ct);
        }

        await api.DeleteCircleAsync(User.ApiToken(), id, ct);
        TempData["Flash"] = t["Circle.Deleted"].Value;
        return Redirect("/admin/circles");
    }

    private RedirectResult Done(string id, string flash)
    {
        TempData["Flash"] = flash;
        return Redirect("/admin/circles/" + Uri.EscapeDataString(id));
    }

    private async Task<IActionResult> FailAsync(string id, string error, CancellationToken ct)
    {
        Errors.Add(error);
        await LoadAsync(id, ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync(string id, CancellationToken ct)
    {
        var token = User.ApiToken();
        Circle = await api.GetCircleAsync(token, id, ct);
        var members = Circle.Members.ToHashSet(StringComparer.Ordinal);
        Candidates = [.. (await api.ListUsersAsync(token, ct)).Select(u => u.Username).Where(u => !members.Contains(u))];
    }
}
