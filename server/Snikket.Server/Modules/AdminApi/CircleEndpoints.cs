using Snikket.AdminApi;
using Snikket.Server.Modules.Circles;

namespace Snikket.Server.Modules.AdminApi;

/// <summary>
/// <c>/admin_api/groups</c> (Snikket's shapes): circles and their members. Membership changes go
/// through the circles module, so the members' rosters follow.
/// </summary>
internal static class CircleEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var groups = app.MapGroup(ApiPaths.Groups).RequireApiRole(ApiRoles.Admin);
        groups.MapGet("/", async (CircleStore store, CancellationToken ct) =>
            Results.Json((IReadOnlyList<Snikket.AdminApi.CircleInfo>)[.. (await store.ListAsync(ct)).Select(ToInfo)], AdminApiJson.Default.IReadOnlyListCircleInfo));
        groups.MapGet("/{id}", async (string id, CircleStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } circle ? Results.Json(ToInfo(circle), AdminApiJson.Default.CircleInfo) : NoSuchCircle());
        groups.MapPost("/", async (HttpRequest request, CircleStore store, CancellationToken ct) =>
        {
            var (body, error) = await ApiBody.ReadAsync(request, AdminApiJson.Default.CircleCreateRequest, ct);
            if (error is not null)
            {
                return error;
            }

            try
            {
                var circle = await store.CreateAsync(body!.Name, ct);
                return Results.Json(ToInfo(circle), AdminApiJson.Default.CircleInfo, statusCode: StatusCodes.Status201Created);
            }
            catch (ArgumentException e)
            {
                return ApiResults.BadRequest(e.Message);
            }
        });
        groups.MapPut("/{id}", async (string id, HttpRequest request, CircleMembership circles, CircleStore store, CancellationToken ct) =>
        {
            var (body, error) = await ApiBody.ReadAsync(request, AdminApiJson.Default.CircleUpdateRequest, ct);
            if (error is not null)
            {
                return error;
            }

            try
            {
                return await circles.RenameAsync(id, body!.Name, ct) && await store.GetAsync(id, ct) is { } circle
                    ? Results.Json(ToInfo(circle), AdminApiJson.Default.CircleInfo)
                    : NoSuchCircle();
            }
            catch (ArgumentException e)
            {
                return ApiResults.BadRequest(e.Message);
            }
        });
        groups.MapDelete("/{id}", async (string id, CircleMembership circles, CancellationToken ct) =>
            await circles.DeleteAsync(id, ct) ? Results.NoContent() : NoSuchCircle());
        groups.MapPut("/{id}/members/{username}", async (string id, string username, ApiAccounts accounts, CircleStore store, CircleMembership circles, CancellationToken ct) =>
        {
            var member = accounts.PrepareUsername(username);
            if (member is null || await accounts.GetAccessAsync(member, ct) is null)
            {
                return ApiResults.NotFound("There is no such user.");
            }

            if (await store.GetAsync(id, ct) is null)
            {
                return NoSuchCircle();
            }

            await circles.AddMemberAsync(id, member, ct);
            return Results.NoContent();
        });
        groups.MapDelete("/{id}/members/{username}", async (string id, string username, ApiAccounts accounts, CircleStore store, CircleMembership circles, CancellationToken ct) =>
        {
            var member = accounts.PrepareUsername(username);
            if (member is null || await store.GetAsync(id, ct) is null)
            {
                return NoSuchCircle();
            }

            await circles.RemoveMemberAsync(id, member, ct);
            return Results.NoContent();
        });
    }

    private static Snikket.AdminApi.CircleInfo ToInfo(Circles.CircleInfo circle) => new(circle.Id, circle.Name, circle.Members, []);

    private static IResult NoSuchCircle() => ApiResults.NotFound("There is no such circle.");
}
