using Snikket.AdminApi;
using Snikket.Server.Accounts;

namespace Snikket.Server.Modules.AdminApi;

/// <summary>Logging in (password → bearer token) and what any logged-in account may do to itself.</summary>
internal static class AuthEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost(ApiPaths.Login, LoginAsync);

        var self = app.MapGroup("/user_api").RequireApiRole(ApiRoles.All.ToArray());
        self.MapGet("/me", MeAsync);
        self.MapPost("/password", ChangePasswordAsync);
    }

    private static async Task<IResult> LoginAsync(HttpRequest request, ApiAccounts accounts, CancellationToken ct)
    {
        var (body, error) = await ApiBody.ReadAsync(request, AdminApiJson.Default.LoginRequest, ct);
        if (error is not null)
        {
            return error;
        }

        if (body!.Password.Length > AdminApiOptions.MaxPasswordLength)
        {
            return ApiResults.Error(StatusCodes.Status401Unauthorized, ApiConditions.InvalidCredentials, "Wrong address or password.");
        }

        var username = accounts.PrepareUsername(body.Username);
        if (!await accounts.CheckPasswordAsync(username, body.Password, ct))
        {
            return ApiResults.Error(StatusCodes.Status401Unauthorized, ApiConditions.InvalidCredentials, "Wrong address or password.");
        }

        var access = await accounts.GetAccessAsync(username!, ct);
        if (access is { Locked: true })
        {
            return ApiResults.Error(StatusCodes.Status403Forbidden, ApiConditions.AccountLocked, "The account is locked.");
        }

        var token = await accounts.IssueTokenAsync(username!, ct);
        return token is null
            ? ApiResults.Error(StatusCodes.Status401Unauthorized, ApiConditions.InvalidCredentials, "Wrong address or password.")
            : Results.Json(token, AdminApiJson.Default.TokenResponse);
    }

    private static async Task<IResult> MeAsync(HttpContext http, ApiAccounts accounts, CancellationToken ct)
    {
        var user = await accounts.GetUserAsync(ApiCaller.Of(http).Username, ct);
        return user is null ? ApiResults.NotFound("The account is gone.") : Results.Json(user, AdminApiJson.Default.UserInfo);
    }

    private static async Task<IResult> ChangePasswordAsync(
        HttpContext http, ApiAccounts accounts, AccountStore store, AdminApiOptions options, CancellationToken ct)
    {
        var (body, error) = await ApiBody.ReadAsync(http.Request, AdminApiJson.Default.PasswordChangeRequest, ct);
        if (error is not null)
        {
            return error;
        }

        var caller = ApiCaller.Of(http);
        if (body!.CurrentPassword.Length > AdminApiOptions.MaxPasswordLength
            || !await accounts.CheckPasswordAsync(caller.Username, body.CurrentPassword, ct))
        {
            return ApiResults.Error(StatusCodes.Status403Forbidden, ApiConditions.InvalidCredentials, "The current password is wrong.");
        }

        if (Passwords.Problem(body.NewPassword) is { } problem)
        {
            return problem;
        }

        await store.SetPasswordAsync(caller.Username, body.NewPassword, options.ScramIterations, ct);
        return Results.NoContent();
    }
}
