using Snikket.AdminApi;
using Snikket.Server.Routing;
using Snikket.Server.Sessions;

namespace Snikket.Server.Modules.AdminApi;

/// <summary>
/// The internal HTTP API on the loopback port (issue 4; Snikket's <c>mod_http_admin_api</c> and
/// <c>mod_invites_register_api</c>, <c>reference/snikket.md</c> §5): password login for a short-lived
/// bearer token, the admin API (users, invites, circles, server info, metrics, announcements) and
/// the public invite API the portal's landing page uses. Errors are JSON with a stable condition.
/// Also records when accounts were last active, for the user list and the metrics.
/// </summary>
internal sealed class AdminApiModule(ActivityStore activity, TimeProvider time) : IModule
{
    public void Register(ModuleRegistry module)
    {
        module.MapEndpoints(AuthEndpoints.Map);
        module.MapEndpoints(UserEndpoints.Map);
        module.MapEndpoints(ServerEndpoints.Map);
        module.MapEndpoints(InviteEndpoints.Map);
        module.MapEndpoints(CircleEndpoints.Map);
        module.MapEndpoints(RegisterEndpoints.Map);
        module.MapEndpoints(MapFallbacks);
        module.On<SessionBound>((e, ct) => TouchAsync(e.Session, ct));
        module.On<SessionClosed>((e, ct) => TouchAsync(e.Session, ct));
        module.Every(TimeSpan.FromMinutes(1), activity.FlushAsync);
    }

    private ValueTask TouchAsync(ClientSession session, CancellationToken ct)
    {
        activity.Record(session.Jid.Local!, time.GetUtcNow().ToUnixTimeSeconds());
        return ValueTask.CompletedTask;
    }

    /// <summary>Unknown routes under the API's prefixes answer in the API's error shape too.</summary>
    private static void MapFallbacks(IEndpointRouteBuilder app)
    {
        foreach (var prefix in new[] { ApiPaths.AdminPrefix, ApiPaths.RegisterPrefix, "/user_api", "/auth" })
        {
            app.Map(prefix + "/{**rest}", () => ApiResults.NotFound("There is no such API route."));
        }
    }
}
