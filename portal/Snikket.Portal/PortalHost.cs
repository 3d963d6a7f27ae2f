using System.Globalization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Snikket.AdminApi;
using Snikket.Portal.Auth;
using Snikket.Portal.Security;

namespace Snikket.Portal;

/// <summary>
/// Builds the portal: Razor Pages, cookie login backed by the server's API tokens, antiforgery,
/// rate limits, persisted data-protection keys, security headers, localisation and the embedded
/// static files. Used by the portal's own <c>Program</c>, by the server's <c>run</c> (in-process)
/// and by tests.
/// </summary>
public static class PortalHost
{
    /// <summary>Fixed, so keys and cookies survive upgrades (dotnet/aspnetcore#38274).</summary>
    public const string ApplicationName = "snikket-portal";

    public const string AdminPolicy = "admin";

    /// <summary>The largest request body accepted: forms here are small, so more is abuse.</summary>
    public const int MaxRequestBodyBytes = 64 * 1024;

    /// <summary>The languages with a complete resource file; the first is the fallback.</summary>
    public static readonly IReadOnlyList<string> Languages = ["en"];

    /// <summary>A portal on its own host, for the server's <c>run</c> and for browser tests.</summary>
    public static WebApplication Build(PortalSettings settings, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(PortalHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        configure?.Invoke(builder);
        Configure(builder, settings);
        var app = builder.Build();
        Configure(app);
        return app;
    }

    public static void Configure(WebApplicationBuilder builder, PortalSettings settings)
    {
        var services = builder.Services;
        services.AddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.Limits.MaxConcurrentConnections = 1000;
            foreach (var address in settings.ListenAddresses)
            {
                // Plain HTTP behind the proxy (nginx speaks HTTP/1.1 upstream) or opened locally:
                // HTTP/2 without TLS would need prior knowledge no browser or proxy here uses.
                kestrel.Listen(address, settings.Port, listen => listen.Protocols = HttpProtocols.Http1);
            }
        });

        services.AddHttpClient<ISnikketApi, SnikketApiClient>(http =>
        {
            http.BaseAddress = settings.ApiBaseAddress;
            http.Timeout = TimeSpan.FromSeconds(30);
        });

        var keys = Directory.CreateDirectory(Path.Combine(settings.DataDirectory, "portal-keys"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keys.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        services.AddDataProtection().SetApplicationName(ApplicationName).PersistKeysToFileSystem(keys);

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(cookie =>
        {
            cookie.Cookie.Name = CookiePrefix(settings) + "snikket-session";
            cookie.Cookie.SecurePolicy = settings.SecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.Path = "/";
            cookie.LoginPath = "/login";
            cookie.LogoutPath = "/logout";
            cookie.AccessDeniedPath = "/forbidden";
            cookie.ReturnUrlParameter = "returnUrl";
            // The session lasts as long as the API token in it, no longer (see PortalSession).
            cookie.SlidingExpiration = false;
        });
        services.AddAuthorizationBuilder().AddPolicy(AdminPolicy, policy => policy.RequireRole(ApiRoles.Admin));

        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = CookiePrefix(settings) + "snikket-csrf";
            antiforgery.Cookie.SecurePolicy = settings.SecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.FormFieldName = "__csrf";
        });

        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.AddRazorPages(pages =>
        {
            pages.Conventions.AuthorizeFolder("/User");
            pages.Conventions.AuthorizeFolder("/Admin", AdminPolicy);
        })
        .AddMvcOptions(mvc => mvc.Filters.Add<ApiErrorFilter>())
        .AddViewLocalization();

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PortalRateLimits.Create();
            limiter.OnRejected = PortalRateLimits.RejectAsync;
        });

        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            // Only the web proxy on this machine is believed (the defaults trust loopback only).
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        });
    }

    /// <summary>RFC 6265bis <c>__Host-</c>: only over HTTPS, only for this host, path /. Browsers refuse it on plain HTTP.</summary>
    private static string CookiePrefix(PortalSettings settings) => settings.SecureCookies ? "__Host-" : "";

    public static void Configure(WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeaders>();
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.Use((context, next) =>
        {
            // Kestrel's limit would fail the form read, which antiforgery reports as a bad token
            // (400); a declared oversize body gets the true answer, 413, and a page saying so.
            if (context.Request.ContentLength > MaxRequestBodyBytes && context.Features.Get<IStatusCodeReExecuteFeature>() is null)
            {
                // The body is never read: the error page (re-executed as a POST) sees an empty form.
                context.Features.Set<IFormFeature>(new FormFeature(FormCollection.Empty));
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return Task.CompletedTask;
            }

            return next(context);
        });
        app.UseExceptionHandler("/error/500");
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Languages[0]),
            SupportedCultures = [.. Languages.Select(l => new CultureInfo(l))],
            SupportedUICultures = [.. Languages.Select(l => new CultureInfo(l))],
            RequestCultureProviders = [new AcceptLanguageHeaderRequestCultureProvider()],
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(PortalHost).Assembly, "static"),
            RequestPath = "/static",
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "public, max-age=86400",
        });
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/_health", () => Results.Text("STATUS OK"));
        app.MapRazorPages();
    }
}
