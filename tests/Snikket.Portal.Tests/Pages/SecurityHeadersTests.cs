using Snikket.AdminApi;

namespace Snikket.Portal.Tests.Pages;

/// <summary>Every response carries the security headers, pages and errors and static files alike.</summary>
public sealed class SecurityHeadersTests : IClassFixture<PortalFactory>
{
    private readonly PortalFactory _portal;

    public SecurityHeadersTests(PortalFactory portal)
    {
        _portal = portal;
        _portal.Api.AddUser("root", "root password", ApiRoles.Admin);
        _portal.Api.AddInvite("headersToken");
    }

    public static TheoryData<string> Paths() =>
    [
        "/", "/login", "/invite/headersToken/", "/invite/headersToken/register", "/invite/unknown/", "/invite/success",
        "/no/such/page", "/static/site.css", "/user", "/user/password", "/admin", "/admin/users", "/admin/invites",
        "/admin/circles", "/admin/system", "/forbidden", "/_health",
    ];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Every_response_has_the_security_headers(string path)
    {
        using var client = _portal.CreateClient();
        await Forms.LogInAsync(client, "root", "root password");

        using var response = await client.GetAsync(path);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("max-age", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_are_not_cached_but_the_stylesheet_is()
    {
        using var client = _portal.CreateClient();

        using var page = await client.GetAsync("/login");
        using var css = await client.GetAsync("/static/site.css");

        Assert.True(page.Headers.CacheControl?.NoStore);
        Assert.Equal(TimeSpan.FromDays(1), css.Headers.CacheControl?.MaxAge);
    }

    [Fact]
    public async Task No_page_refers_to_another_origin_for_scripts_styles_or_images()
    {
        using var client = _portal.CreateClient();
        await Forms.LogInAsync(client, "root", "root password");

        foreach (var path in new[] { "/invite/headersToken/", "/invite/headersToken/register", "/user", "/admin/invites", "/admin/users" })
        {
            var html = await client.GetStringAsync(path);
            Assert.DoesNotMatch("<(script|link|img)[^>]+(src|href)=\"https?://", html);
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task The_data_protection_keys_are_kept_in_the_data_directory()
    {
        using var client = _portal.CreateClient();
        (await client.GetAsync("/login")).Dispose();

        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_portal.DataDirectory, "portal-keys"), "key-*.xml"));
    }
}
