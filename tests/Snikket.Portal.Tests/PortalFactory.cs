using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Snikket.AdminApi;
using Snikket.Portal.Tests.Fakes;

namespace Snikket.Portal.Tests;

/// <summary>
/// The portal's own Program in memory (WebApplicationFactory), configured through the same
/// SNIKKET_* settings as in production (as the compose service: HTTPS cookies), with the API
/// replaced by <see cref="FakeSnikketApi"/>.
/// </summary>
public class PortalFactory : WebApplicationFactory<Strings>
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("snikket-portal-test-").FullName;

    internal FakeSnikketApi Api { get; } = new();

    public string DataDirectory => _dataDirectory;

    /// <summary>The production limits (5 logins a minute) instead of generous ones.</summary>
    protected virtual bool StrictRateLimits => false;

    public PortalFactory()
    {
        ClientOptions.BaseAddress = new Uri("https://localhost");
        ClientOptions.AllowAutoRedirect = false;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("SNIKKET_DOMAIN", FakeSnikketApi.Domain);
        builder.UseSetting("SNIKKET_ADMIN_EMAIL", "admin@example.com");
        builder.UseSetting("SNIKKET_SITE_NAME", "Example Chat");
        builder.UseSetting("SNIKKET_TWEAK_DATA_DIR", _dataDirectory);
        builder.UseSetting("SNIKKET_TWEAK_PORTAL_EMBEDDED", "0");
        builder.UseSetting("SNIKKET_TWEAK_PORTAL_INTERNAL_HTTP_PORT", "1");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ISnikketApi>(Api);
            if (!StrictRateLimits)
            {
                // Many logins from one test address; the limits have their own tests.
                var configured = (PortalSettings)services.Last(d => d.ServiceType == typeof(PortalSettings)).ImplementationInstance!;
                services.AddSingleton(configured with { LoginPermitsPerMinute = 10_000, RegisterPermitsPerMinute = 10_000, InvitePermitsPerMinute = 10_000 });
            }
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}
