using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Snikket.Portal.Security;

/// <summary>
/// Per-address limits on what can be brute-forced: login posts, registration and reset posts, and
/// invite pages (token guessing). Fixed one-minute windows, no queue: the request past the limit
/// gets 429 with <c>Retry-After</c> at once. In memory, which is right for one box.
/// </summary>
internal static class PortalRateLimits
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static PartitionedRateLimiter<HttpContext> Create() =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var settings = context.RequestServices.GetRequiredService<PortalSettings>();
            var (bucket, permits) = Classify(context.Request, settings);
            if (bucket is null)
            {
                return RateLimitPartition.GetNoLimiter("");
            }

            var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return RateLimitPartition.GetFixedWindowLimiter(bucket + "|" + client, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });

    public static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var response = rejected.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = ((int)Window.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync("Too many attempts. Please wait a minute and try again.", ct);
    }

    private static (string? Bucket, int Permits) Classify(HttpRequest request, PortalSettings settings)
    {
        var path = request.Path.Value ?? "";
        var post = HttpMethods.IsPost(request.Method);
        if (path.StartsWith("/login", StringComparison.OrdinalIgnoreCase))
        {
            return post ? ("login", settings.LoginPermitsPerMinute) : (null, 0);
        }

        if (path.StartsWith("/invite/", StringComparison.OrdinalIgnoreCase))
        {
            return post ? ("register", settings.RegisterPermitsPerMinute) : ("invite", settings.InvitePermitsPerMinute);
        }

        return (null, 0);
    }
}
