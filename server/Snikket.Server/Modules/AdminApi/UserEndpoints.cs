using Snikket.AdminApi;
using Snikket.Server.Accounts;

namespace Snikket.Server.Modules.AdminApi;

/// <summary>
/// <c>/admin_api/users</c> (Snikket's <c>mod_http_admin_api</c> shapes, <c>reference/snikket.md</c>
/// §5.2): list, show, change role or lock state, delete. Administrators only.
/// </summary>
internal static class UserEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var users = app.MapGroup(ApiPaths.Users).RequireApiRole(ApiRoles.Admin);
        users.MapGet("/", ListAsync);
        users.MapGet("/{username}", GetAsync);
        users.MapGet("/{username}/groups", GroupsAsync);
        users.MapPut("/{username}", UpdateAsync);
        users.MapPatch("/{username}", UpdateAsync);
        users.MapDelete("/{username}", DeleteAsync);
    }

    private static async Task<IResult> ListAsync(ApiAccounts accounts, CancellationToken ct) =>
        Results.Json(await accounts.ListUsersAsync(ct), AdminApiJson.Default.IReadOnlyListUserInfo);

    private static async Task<IResult> GetAsync(string username, ApiAccounts accounts, CancellationToken ct)
    {
        var user = await FindAsync(username, accounts, ct);
        return user is null ? NoSuchUser() : Results.Json(user, AdminApiJson.Default.UserInfo);
    }

    private static async Task<IResult> GroupsAsync(string username, ApiAccounts accounts, CancellationToken ct)
    {
        var user = await FindAsync(username, accounts, ct);
        return user is null ? NoSuchUser() : Results.Json(user.Groups, AdminApiJson.Default.IReadOnlyListString);
    }

    private static async Task<IResult> UpdateAsync(string username, HttpRequest request, ApiAccounts accounts, AccountLifecycle lifecycle, CancellationToken ct)
    {
        var (update, error) = await ApiBody.ReadAsync(request, AdminApiJson.Default.UserUpdate, ct);
        if (error is not null)
        {
            return error;
        }

        var user = await FindAsync(username, accounts, ct);
        if (user is null)
        {
            return NoSuchUser();
        }

        AccountRole role = default;
        if (update!.Role is not null && !AccountRoles.TryParse(update.Role, out role))
        {
            return ApiResults.BadRequest("The role must be one of admin, normal, limited.");
        }

        if (update.DisplayName is { Length: > 1024 })
        {
            return ApiResults.TooLarge("The display name is longer than 1024 characters.");
        }

        // Each change is guarded by the account lifecycle (last-admin protection, sessions closed on lock).
        var results = new List<AccountChange>();
        if (update.Role is not null)
        {
            results.Add(await lifecycle.SetRoleAsync(user.Username, role, ct));
        }

        if (update.Enabled is false)
        {
            results.Add(await lifecycle.LockAsync(user.Username, ct));
        }
        else if (update.Enabled is true)
        {
            results.Add(await lifecycle.UnlockAsync(user.Username, ct));
            if (user.DeletionRequest is not null)
            {
                results.Add(await lifecycle.RestoreAsync(user.Username, ct));
            }
        }

        if (results.Contains(AccountChange.LastAdmin))
        {
            return ApiResults.Error(StatusCodes.Status409Conflict, ApiConditions.LastAdmin, "That would leave the server without an administrator.");
        }

        return Results.Json(await accounts.GetUserAsync(user.Username, ct), AdminApiJson.Default.UserInfo);
    }

    private static async Task<IResult> DeleteAsync(
        string username, HttpContext http, ApiAccounts accounts, AccountLifecycle lifecycle, ActivityStore activity, CancellationToken ct)
    {
        var user = await FindAsync(username, accounts, ct);
        if (user is null)
        {
            return NoSuchUser();
        }

        if (user.Username == ApiCaller.Of(http).Username)
        {
            return ApiResults.Error(StatusCodes.Status409Conflict, ApiConditions.Conflict, "Administrators cannot delete their own account here.");
        }

        switch (await lifecycle.DeleteNowAsync(user.Username, ct))
        {
            case AccountChange.LastAdmin:
                return ApiResults.Error(StatusCodes.Status409Conflict, ApiConditions.LastAdmin, "That would leave the server without an administrator.");
            case AccountChange.Done:
                await activity.ForgetAsync(user.Username, ct);
                break;
        }

        return Results.NoContent();
    }

    private static async Task<UserInfo?> FindAsync(string username, ApiAccounts accounts, CancellationToken ct)
    {
        var prepared = accounts.PrepareUsername(username);
        return prepared is null ? null : await accounts.GetUserAsync(prepared, ct);
    }

    private static IResult NoSuchUser() => ApiResults.NotFound("There is no such user.");
}
