using System.Diagnostics;
using System.Globalization;
using System.Text;
using Snikket.AdminApi;
using Snikket.Server.Accounts;
using Snikket.Server.Hosting;
using Snikket.Server.Routing;
using Snikket.Server.Sessions;
using Snikket.Xmpp;

namespace Snikket.Server.Modules.AdminApi;

/// <summary><c>/admin_api/server</c>: who this server is, how it is doing (JSON or OpenMetrics text), and announcements to its users.</summary>
internal static class ServerEndpoints
{
    /// <summary>An announcement is a message people read: a few screens at most.</summary>
    public const int MaxAnnouncementLength = 8000;

    private const string OpenMetricsType = "application/openmetrics-text";

    public static void Map(IEndpointRouteBuilder app)
    {
        var server = app.MapGroup(ApiPaths.AdminPrefix + "/server").RequireApiRole(ApiRoles.Admin);
        server.MapGet("/info", (ServerInfo info) =>
            Results.Json(new ServerInfoResponse(info.SiteName, info.Domain, info.SoftwareVersion), AdminApiJson.Default.ServerInfoResponse));
        server.MapGet("/metrics", MetricsAsync);
        server.MapPost("/announcement", AnnounceAsync);
    }

    private static async Task<IResult> MetricsAsync(
        HttpRequest request, SessionRegistry sessions, AccountStore accounts, ActivityStore activity, TimeProvider time, CancellationToken ct)
    {
        var metrics = await CollectAsync(sessions, accounts, activity, time, ct);
        var accept = request.Headers.Accept.ToString();
        if (accept.Contains(OpenMetricsType, StringComparison.OrdinalIgnoreCase) || accept.Contains("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Text(OpenMetrics(metrics), OpenMetricsType + "; version=1.0.0; charset=utf-8", Encoding.UTF8);
        }

        return Results.Json(metrics, AdminApiJson.Default.ServerMetrics);
    }

    private static async Task<ServerMetrics> CollectAsync(SessionRegistry sessions, AccountStore accounts, ActivityStore activity, TimeProvider time, CancellationToken ct)
    {
        using var process = Process.GetCurrentProcess();
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        const long day = 86400;
        return new ServerMetrics(
            process.WorkingSet64,
            new CpuMetric(new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeSeconds(), process.TotalProcessorTime.TotalSeconds),
            sessions.Count,
            (await accounts.ListAsync(ct)).Count,
            new ActiveUsers(
                await activity.CountSinceAsync(now - day, ct),
                await activity.CountSinceAsync(now - 7 * day, ct),
                await activity.CountSinceAsync(now - 30 * day, ct)));
    }

    /// <summary>The OpenMetrics 1.0 text exposition of <paramref name="m"/> (hand-written: no metrics library restores here).</summary>
    public static string OpenMetrics(ServerMetrics m)
    {
        var text = new StringBuilder();
        void Metric(string name, string type, string help, string unit, params (string Labels, string Value)[] samples)
        {
            text.Append(CultureInfo.InvariantCulture, $"# TYPE {name} {type}\n");
            if (unit.Length > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"# UNIT {name} {unit}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n");
            var sampleName = type == "counter" ? name + "_total" : name;
            foreach (var (labels, value) in samples)
            {
                text.Append(CultureInfo.InvariantCulture, $"{sampleName}{labels} {value}\n");
            }
        }

        static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        Metric("snikket_process_resident_memory_bytes", "gauge", "Resident memory of the server process.", "bytes", ("", N(m.Memory)));
        Metric("snikket_process_cpu_seconds", "counter", "CPU time used by the server process.", "seconds", ("", N(m.Cpu.Value)));
        Metric("snikket_process_start_time_seconds", "gauge", "When the server process started (Unix time).", "seconds", ("", N(m.Cpu.Since)));
        Metric("snikket_c2s_sessions", "gauge", "Client sessions bound now.", "", ("", N(m.C2s)));
        Metric("snikket_accounts", "gauge", "Accounts on this server.", "", ("", N(m.Accounts)));
        Metric("snikket_active_accounts", "gauge", "Accounts with a client connected within the period.", "",
            ("{period=\"1d\"}", N(m.Users.Active1d)), ("{period=\"7d\"}", N(m.Users.Active7d)), ("{period=\"30d\"}", N(m.Users.Active30d)));
        text.Append("# EOF\n");
        return text.ToString();
    }

    private static async Task<IResult> AnnounceAsync(
        HttpRequest request, ServerInfo server, SessionRegistry sessions, AccountStore accounts, HandlerTable table, CancellationToken ct)
    {
        var (body, error) = await ApiBody.ReadAsync(request, AdminApiJson.Default.AnnouncementRequest, ct);
        if (error is not null)
        {
            return error;
        }

        if (string.IsNullOrWhiteSpace(body!.Body))
        {
            return ApiResults.BadRequest("The announcement is empty.");
        }

        if (body.Body.Length > MaxAnnouncementLength)
        {
            return ApiResults.TooLarge($"The announcement is longer than {MaxAnnouncementLength} characters.");
        }

        IReadOnlyList<string> recipients = body.Recipients switch
        {
            "online" => [.. sessions.All().Select(s => s.Jid.Local!).Distinct(StringComparer.Ordinal)],
            "all" => await accounts.ListAsync(ct),
            _ => [],
        };
        if (body.Recipients is not ("online" or "all"))
        {
            return ApiResults.BadRequest("recipients must be \"online\" or \"all\".");
        }

        // Through the message pipeline, as if the domain had sent it: archived, copied, and kept
        // offline for accounts with no client connected (type normal, so offline storage takes it).
        var from = server.DomainJid;
        foreach (var username in recipients)
        {
            var to = Jid.Create(username, server.Domain, null);
            var message = new Element("message", Ns.Client)
                .SetAttribute("from", server.Domain)
                .SetAttribute("to", to.ToString())
                .SetAttribute("type", "normal")
                .SetAttribute("id", Guid.NewGuid().ToString("N"));
            message.AddElement("body", Ns.Client).AddText(body.Body);
            if (table.MessageHandler is { } deliver)
            {
                await deliver(message, from, to, ct);
            }
        }

        return Results.Json(new AnnouncementResult(recipients.Count), AdminApiJson.Default.AnnouncementResult, statusCode: StatusCodes.Status201Created);
    }
}
