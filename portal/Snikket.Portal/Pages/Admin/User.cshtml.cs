using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Snikket.AdminApi;
using Snikket.Portal.Auth;

namespace Snikket.Portal.Pages.Admin;

/// <summary>
/// <c>/admin/users/{username}</c>: one account: role, lock and unlock (Snikket only offered
/// unlock), restore a pending deletion, a password-reset link, delete.
/// </summary>
public sealed class UserModel(ISnikketApi api, IStringLocalizer<Strings> t, TimeProvider time) : PageModel
{
    public UserInfo Account { get; private set; } = null!;

    public long Now { get; private set; }

    public string? ResetLink { get; private set; }

    public List<string> Errors { get; } = [];

    public async Task OnGetAsync(string username, CancellationToken ct) => await LoadAsync(username, ct);

    public Task<IActionResult> OnPostRoleAsync(string username, string? role, CancellationToken ct) =>
        UpdateAsync(username, new UserUpdate(Role: role), t["User.RoleChanged"], ct);

    public Task<IActionResult> OnPostLockAsync(string username, CancellationToken ct) =>
        UpdateAsync(username, new UserUpdate(Enabled: false), t["User.Locked"], ct);

    public Task<IActionResult> OnPostUnlockAsync(string username, CancellationToken ct) =>
        UpdateAsync(username, new UserUpdate(Enabled: true), t["User.Unlocked"], ct);

    public async Task<IActionResult> OnPostResetAsync(string username, CancellationToken ct)
    {
        var invite = await api.CreateResetInviteAsync(User.ApiToken(), new ResetInviteRequest(username), ct);
        await LoadAsync(username, ct);
        ResetLink = invite.LandingPage;
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string username, string? confirm, CancellationToken ct)
    {
        if (confirm != "yes")
        {
            await LoadAsync(username, ct);
            Errors.Add(t["User.DeleteNotConfirmed"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        try
        {
            await api.DeleteUserAsync(User.ApiToken(), username, ct);
        }
        catch (ApiException e) when (e.Condition is ApiConditions.LastAdmin or ApiConditions.Conflict)
        {
            await LoadAsync(username, ct);
            Errors.Add(e.Condition == ApiConditions.LastAdmin ? t["User.LastAdmin"] : t["User.NotSelf"]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        TempData["Flash"] = t["User.DeletedFlash", username].Value;
        return Redirect("/admin/users");
    }

    private async Task<IActionResult> UpdateAsync(string username, UserUpdate update, string done, CancellationToken ct)
    {
        try
        {
            await api.UpdateUserAsync(User.ApiToken(), username, update, ct);
        }
        catch (ApiException e) when (e.Condition is ApiConditions.LastAdmin or ApiConditions.BadRequest)
        {
            await LoadAsync(username, ct);
            Errors.Add(e.Condition == ApiConditions.LastAdmin ? t["User.LastAdmin"] : t["User.BadRole"]);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        TempData["Flash"] = done;
        return Redirect("/admin/users/" + Uri.EscapeDataString(username));
    }

    private async Task LoadAsync(string username, CancellationToken ct)
    {
        Now = time.GetUtcNow().ToUnixTimeSeconds();
        Account = await api.GetUserAsync(User.ApiToken(), username, ct);
    }
}
