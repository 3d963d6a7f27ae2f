using Snikket.AdminApi;
using Snikket.Server.Accounts;
using Snikket.Server.Routing;

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

    private static async Task<IResult> UpdateAsync(string username, HttpRequest request, ApiAccounts accounts, CancellationToken ct)
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

        if (update!.Role is not null && !ApiRoles.IsKnown(update.Role))
        {
            return ApiResults.BadRequest("The role must be one of admin, normal, limited.");
        }

        if (update.DisplayName is { Length: > 1024 })
        {
            return ApiResults.TooLarge("The display name is longer than 1024 characters.");
        }

        // TODO: roles, locks and display names are stored with the account changes of issue 4.
        return Results.Json(await accounts.GetUserAsync(user.Username, ct), AdminApiJson.Default.UserInfo);
    }

    private static async Task<IResult> DeleteAsync(
        string username, HttpContext http, ApiAccounts accounts, AccountStore store, ActivityStore activity, ServerEvents events, CancellationToken ct)
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

        if (await store.DeleteAsync(user.Username, ct))
        {
            await activity.ForgetAsync(user.Username, ct);
            await events.PublishAsync(new AccountDeleted(user.Username), ct);
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
