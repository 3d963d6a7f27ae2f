using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Snikket.Acme;
using Snikket.AdminApi;
using Snikket.Portal.Auth;

namespace Snikket.Portal.Pages.Admin;

/// <summary>
/// <c>/admin/system</c>: version, health and usage of the server, the certificate service's last
/// report (read from the shared data directory, where it writes it), and a broadcast announcement
/// to online or all users.
/// </summary>
public sealed class SystemModel(ISnikketApi api, PortalSettings settings, IStringLocalizer<Strings> t) : PageModel
{
    public ServerInfoResponse Info { get; private set; } = null!;

    public ServerMetrics Metrics { get; private set; } = null!;

    public HealthResponse Health { get; private set; } = null!;

    public string Certificate { get; private set; } = "";

    public List<string> Errors { get; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? body, string? recipients, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            Errors.Add(t["System.Empty"]);
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var result = await api.AnnounceAsync(User.ApiToken(), new AnnouncementRequest(recipients == "all" ? "all" : "online", body), ct);
        TempData["Flash"] = t["System.Sent", result.Recipients].Value;
        return Redirect("/admin/system");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var token = User.ApiToken();
        Info = await api.GetServerInfoAsync(token, ct);
        Metrics = await api.GetMetricsAsync(token, ct);
        Health = await api.GetHealthAsync(ct);
        var status = settings.CertificateStatusPath is { } path ? CertificateStatus.TryRead(path) : null;
        Certificate = status?.Describe() ?? t["System.CertificateNone"];
    }
}
