using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Snikket.Configuration;
using Snikket.Server.Accounts;
using Snikket.Server.Hosting;
using Snikket.Server.Modules.Invites;

namespace Snikket.Portal.Tests.Browser;

/// <summary>
/// The real server (SQLite, its own data directory, OS-chosen loopback ports) and the real portal
/// talking to it over loopback HTTP, as <c>run</c> hosts them, plus headless Debian Chromium
/// driven by Playwright (its own browser download does not work here: <c>/usr/bin/chromium</c>).
/// Screenshots go to <c>test-results/Snikket.Portal.Tests/screenshots/</c>, which the test
/// runner keeps.
/// </summary>
public sealed class LivePortal : IAsyncLifetime
{
    public const string Domain = "localhost";

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("snikket-browser-").FullName;
    private WebApplication _server = null!;
    private WebApplication _portal = null!;
    private IPlaywright _playwright = null!;

    public IBrowser Browser { get; private set; } = null!;

    public Uri PortalAddress { get; private set; } = null!;

    public IServiceProvider ServerServices => _server.Services;

    public static string ScreenshotDirectory { get; } = Path.Combine(RepositoryRoot(), "test-results", "Snikket.Portal.Tests", "screenshots");

    public async Task InitializeAsync()
    {
        var settings = new ServerSettings
        {
            Domain = Domain,
            SiteName = "Browser Test Chat",
            AdminEmail = "admin@localhost",
            DataDirectory = _dataDirectory,
            Database = DatabaseKind.Sqlite,
            ConnectionString = "Data Source=" + Path.Combine(_dataDirectory, "snikket.sqlite"),
            CertificatePath = Path.Combine(_dataDirectory, "certs", Domain + ".crt"),
            KeyPath = Path.Combine(_dataDirectory, "certs", Domain + ".key"),
            GenerateCertificate = true,
            Listen = new ListenPlan([IPAddress.Loopback], 0, 0, [IPAddress.Loopback], 0),
            ScramIterations = 4096,
            LogLevel = SnikketLogLevel.Warn,
        };
        _server = ServerHost.Build(settings);
        await ServerHost.PrepareAsync(_server, CancellationToken.None);
        await _server.StartAsync();
        var api = _server.Services.GetRequiredService<Endpoints>().InternalHttp;

        _portal = PortalHost.Build(
            new PortalSettings
            {
                Domain = Domain,
                SiteName = "Browser Test Chat",
                AdminEmail = "admin@localhost",
                DataDirectory = _dataDirectory,
                ApiBaseAddress = new Uri($"http://{api}/"),
                PublicBaseUrl = new Uri("https://localhost/"),
                Port = 0,
                SecureCookies = false,
                LoginPermitsPerMinute = 1000,
                RegisterPermitsPerMinute = 1000,
                InvitePermitsPerMinute = 1000,
            },
            builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await _portal.StartAsync();
        var address = _portal.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        PortalAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>A phone-sized page (360×740, touch, an Android user agent unless told otherwise).</summary>
    public async Task<IPage> PhoneAsync(string? userAgent = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
            DeviceScaleFactor = 2,
            IsMobile = true,
            HasTouch = true,
            UserAgent = userAgent ?? "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36",
            BaseURL = PortalAddress.ToString(),
        });
        return await context.NewPageAsync();
    }

    internal Task CreateAccountAsync(string username, string password, AccountRole role = AccountRole.Normal) =>
        _server.Services.GetRequiredService<AccountStore>().CreateAsync(username, password, 4096, role, null, CancellationToken.None);

    /// <summary>Makes an invite the way an admin tool does, and returns its token.</summary>
    internal async Task<string> CreateInviteAsync(string creator, InviteKind kind = InviteKind.Account)
    {
        var created = await _server.Services.GetRequiredService<InviteStore>().CreateAsync(new InviteRequest { Kind = kind, Creator = creator }, CancellationToken.None);
        return created.Token;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await _portal.StopAsync();
        await _portal.DisposeAsync();
        await _server.StopAsync();
        await _server.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }

    private static string RepositoryRoot([CallerFilePath] string here = "")
    {
        var directory = new DirectoryInfo(Path.GetDirectoryName(here)!);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Snikket.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Snikket.slnx not found above the test source.");
    }
}
