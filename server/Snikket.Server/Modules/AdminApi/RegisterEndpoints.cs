using Snikket.AdminApi;
using Snikket.Server.Hosting;
using Snikket.Server.Modules.Invites;

namespace Snikket.Server.Modules.AdminApi;

/// <summary>
/// <c>/register_api</c>, public (Snikket's <c>mod_invites_register_api</c>): what an invite token
/// is for, and registration with it, following the same rules as in-band registration
/// (<see cref="InviteRegistration"/>). Every unusable token gets the same 404.
/// </summary>
internal static class RegisterEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(ApiPaths.InviteLookup + "/{token}", async (string token, InviteStore store, ServerInfo server, CancellationToken ct) =>
        {
            var invite = await store.FindAsync(token, ct);
            if (invite is null)
            {
                return Invalid();
            }

            return Results.Json(
                new InviteLookup(
                    server.SiteName,
                    server.Domain,
                    token,
                    InviteLinks.XmppUri(server.Domain, invite, token),
                    invite.Kind == InviteKind.Contact ? "roster" : "register",
                    invite.Username is null ? null : invite.Username + "@" + server.Domain,
                    invite.Creator is null ? null : invite.Creator + "@" + server.Domain,
                    invite.Kind == InviteKind.Reset,
                    invite.AllowRegistration,
                    invite.ExpiresAt),
                AdminApiJson.Default.InviteLookup);
        });
        app.MapPost(ApiPaths.Register, async (HttpRequest request, InviteRegistration registration, ServerInfo server, CancellationToken ct) =>
        {
            var (body, error) = await ApiBody.ReadAsync(request, AdminApiJson.Default.RegisterRequest, ct);
            if (error is not null)
            {
                return error;
            }

            var result = await registration.RegisterAsync(body!.Token, body.Username, body.Password, ct);
            return result.Outcome switch
            {
                RegistrationOutcome.Created or RegistrationOutcome.PasswordReset =>
                    Results.Json(new RegisterResponse(result.Username + "@" + server.Domain), AdminApiJson.Default.RegisterResponse),
                RegistrationOutcome.InvalidInvite => Invalid(),
                RegistrationOutcome.NotAllowed or RegistrationOutcome.UsernameNotAllowed =>
                    ApiResults.Error(StatusCodes.Status403Forbidden, ApiConditions.InviteDeclined, result.Problem ?? "The invite does not allow this."),
                RegistrationOutcome.UsernameInvalid =>
                    ApiResults.Error(StatusCodes.Status400BadRequest, ApiConditions.InvalidUsername, result.Problem ?? "That username is not valid."),
                RegistrationOutcome.UsernameTaken =>
                    ApiResults.Error(StatusCodes.Status409Conflict, ApiConditions.UsernameTaken, result.Problem ?? "That username is taken."),
                _ => Passwords.Problem(body.Password) ?? ApiResults.Error(StatusCodes.Status400BadRequest, ApiConditions.InvalidPassword, result.Problem ?? "That password cannot be used."),
            };
        });
    }

    private static IResult Invalid() =>
        ApiResults.Error(StatusCodes.Status404NotFound, ApiConditions.InviteInvalid, "The invite is invalid or has expired.");
}
