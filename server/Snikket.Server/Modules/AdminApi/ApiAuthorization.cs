using Snikket.AdminApi;

namespace Snikket.Server.Modules.AdminApi;

/// <summary>
/// The endpoint filter in front of every authenticated route: a bearer token that is genuine,
/// unexpired, issued for the account's current credentials and role, of an account that is not
/// locked, whose role is among those the route allows. 401 for anything wrong with the token
/// (<c>token-expired</c> for an old one), 403 for a locked account or the wrong role.
/// </summary>
internal static class ApiAuthorization
{
    public static TBuilder RequireApiRole<TBuilder>(this TBuilder builder, params string[] roles)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var failure = await AuthorizeAsync(http, roles);
            if (failure is not null)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return failure;
            }

            return await next(context);
        });

    private static async Task<IResult?> AuthorizeAsync(HttpContext http, string[] roles)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return ApiResults.Unauthorized();
        }

        var tokens = http.RequestServices.GetRequiredService<ApiTokens>();
        var check = tokens.Check(header["Bearer ".Length..].Trim());
        switch (check.Status)
        {
            case TokenStatus.Invalid:
                return ApiResults.Unauthorized("The bearer token is not valid.");
            case TokenStatus.Expired:
                return ApiResults.Error(StatusCodes.Status401Unauthorized, ApiConditions.TokenExpired, "The bearer token has expired; log in again.");
        }

        var accounts = http.RequestServices.GetRequiredService<ApiAccounts>();
        var access = await accounts.GetAccessAsync(check.Username!, http.RequestAborted);
        if (access is null || access.Stamp != check.Stamp || access.Role != check.Role)
        {
            // Deleted, password changed or role changed since the token was issued.
            return ApiResults.Unauthorized("The bearer token no longer matches the account; log in again.");
        }

        if (access.Locked)
        {
            return ApiResults.Error(StatusCodes.Status403Forbidden, ApiConditions.AccountLocked, "The account is locked.");
        }

        if (!roles.Contains(access.Role, StringComparer.Ordinal))
        {
            return ApiResults.Forbidden();
        }

        new ApiCaller(access.Username, access.Role).Attach(http);
        return null;
    }
}
