using Snikket.AdminApi;
using Snikket.Server.Accounts;
using Snikket.Server.Hosting;
using Snikket.Server.Modules.Invites;

namespace Snikket.Server.Modules.AdminApi;

/// <summary>
/// <c>/admin_api/invites</c> (Snikket's shapes, <c>reference/snikket.md</c> §5.2): list, show,
/// create account, group and reset invites, revoke. The token exists only in the answer that
/// creates the invite (the server keeps its hash), so only that answer has the URI and the link.
/// </summary>
internal static class InviteEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var invites = app.MapGroup(ApiPaths.Invites).RequireApiRole(ApiRoles.Admin);
        invites.MapGet("/", async (InviteStore store, ServerInfo server, CancellationToken ct) =>
            Results.Json((IReadOnlyList<InviteInfo>)[.. (await store.ListPendingAsync(null, ct)).Select(i => ToInfo(i, server, null))], AdminApiJson.Default.IReadOnlyListInviteInfo));
        invites.MapGet("/{id}", async (string id, InviteStore store, ServerInfo server, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } invite
                ? Results.Json(ToInfo(invite, server, null), AdminApiJson.Default.InviteInfo)
                : ApiResults.NotFound("There is no such invite."));
        invites.MapDelete("/{id}", async (string id, InviteStore store, CancellationToken ct) =>
            await store.RevokeAsync(id, null, ct) ? Results.NoContent() : ApiResults.NotFound("There is no such invite."));
        invites.MapPost("/account", async (HttpContext http, InviteStore store, ServerInfo server, CancellationToken ct) =>
        {
            var (body, error) = await ApiBody.ReadAsync(http.Request, AdminApiJson.Default.AccountInviteRequest, ct);
            if (error is not null)
            {
                return error;
            }

            string? username = null;
            if (body!.Username is not null && (username = http.RequestServices.GetRequiredService<ApiAccounts>().PrepareUsername(body.Username)) is null)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, ApiConditions.InvalidUsername, "That username is not valid.");
            }

            return await CreateAsync(http, store, server, InviteKind.Account, username, body.Groups, body.Roles, body.Note, body.Ttl, null, ct);
        });
        invites.MapPost("/group", async (HttpContext http, InviteStore store, ServerInfo server, CancellationToken ct) =>
        {
            var (body, error) = await ApiBody.ReadAsync(http.Request, AdminApiJson.Default.GroupInviteRequest, ct);
            if (error is not null)
            {
                return error;
            }

            return body!.Groups.Count == 0
                ? ApiResults.BadRequest("A group invite needs at least one circle.")
                : await CreateAsync(http, store, server, InviteKind.Group, null, body.Groups, body.Roles, body.Note, body.Ttl, body.MaxUses, ct);
        });
        invites.MapPost("/reset", async (HttpContext http, InviteStore store, ServerInfo server, ApiAccounts accounts, CancellationToken ct) =>
        {
            var (body, error) = await ApiBody.ReadAsync(http.Request, AdminApiJson.Default.ResetInviteRequest, ct);
            if (error is not null)
            {
                return error;
            }

            var username = accounts.PrepareUsername(body!.Username);
            return username is null || await accounts.GetAccessAsync(username, ct) is null
                ? ApiResults.NotFound("There is no such user.")
                : await CreateAsync(http, store, server, InviteKind.Reset, username, [], null, null, body.Ttl, null, ct);
        });
    }

    private static async Task<IResult> CreateAsync(
        HttpContext http, InviteStore store, ServerInfo server, InviteKind kind, string? username,
        IReadOnlyList<string>? groups, IReadOnlyList<string>? roles, string? note, long? ttl, int? maxUses, CancellationToken ct)
    {
        var role = AccountRole.Normal;
        if (roles is { Count: > 0 } && !AccountRoles.TryParse(roles[0], out role))
        {
            return ApiResults.BadRequest("Roles are admin, normal or limited.");
        }

        if (note is { Length: > InviteStore.MaxNoteLength })
        {
            return ApiResults.TooLarge($"The note is longer than {InviteStore.MaxNoteLength} characters.");
        }

        if (maxUses is < 1)
        {
            return ApiResults.BadRequest("max_uses must be at least 1.");
        }

        try
        {
            var created = await store.CreateAsync(
                new InviteRequest
                {
                    Kind = kind,
                    Creator = ApiCaller.Of(http).Username,
                    Username = username,
                    Role = role,
                    MaxUses = kind == InviteKind.Group ? maxUses : null,
                    Circles = kind == InviteKind.Reset ? [] : groups,
                    Note = note,
                    ValidFor = ttl is { } seconds ? TimeSpan.FromSeconds(Math.Clamp(seconds, -1, 400L * 86400)) : null,
                },
                ct);
            return Results.Json(ToInfo(created.Invite, server, created.Token), AdminApiJson.Default.InviteInfo, statusCode: StatusCodes.Status201Created);
        }
        catch (ArgumentException e)
        {
            return ApiResults.BadRequest(e.Message);
        }
    }

    public static InviteInfo ToInfo(Invite invite, ServerInfo server, string? token) => new(
        invite.Id,
        invite.Kind == InviteKind.Contact ? "roster" : "register",
        invite.Kind == InviteKind.Group,
        invite.Creator is null ? null : invite.Creator + "@" + server.Domain,
        invite.Username is null ? null : invite.Username + "@" + server.Domain,
        token is null ? null : InviteLinks.XmppUri(server.Domain, invite, token),
        token is null ? null : InviteLinks.LandingUrl(server.Domain, token),
        invite.CreatedAt,
        invite.ExpiresAt,
        invite.CircleIds ?? [Circles.Circle.DefaultId],
        [invite.Role.ToText()],
        null,
        invite.Kind == InviteKind.Reset,
        invite.Note,
        invite.MaxUses,
        invite.Uses);
}
