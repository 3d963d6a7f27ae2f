using System.Net;
using Snikket.AdminApi;

namespace Snikket.Portal.Tests.Pages;

public sealed class LoginTests : IClassFixture<PortalFactory>
{
    private readonly PortalFactory _portal;

    public LoginTests(PortalFactory portal)
    {
        _portal = portal;
        _portal.Api.AddUser("alice", "alice password");
        _portal.Api.AddUser("root", "root password", ApiRoles.Admin);
    }

    [Fact]
    public async Task The_login_page_has_a_form_with_an_antiforgery_token()
    {
        using var client = _portal.CreateClient();

        var token = await Forms.CsrfTokenAsync(client, "/login");

        Assert.False(string.IsNullOrEmpty(token));
    }

    [Fact]
    public async Task Logging_in_sets_a_host_only_secure_httponly_cookie_and_goes_home()
    {
        using var client = _portal.CreateClient();

        using var response = await Forms.PostAsync(client, "/login", ("address", "alice"), ("password", "alice password"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/user", response.Headers.Location?.OriginalString);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-snikket-session=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_home_page_shows_the_address_after_login()
    {
        using var client = _portal.CreateClient();
        await Forms.LogInAsync(client, "alice@chat.example", "alice password");

        var html = await client.GetStringAsync("/user");

        Assert.Contains("alice@chat.example", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_shows_one_generic_error_and_sets_no_session()
    {
        using var client = _portal.CreateClient();

        using var response = await Forms.PostAsync(client, "/login", ("address", "alice"), ("password", "guess"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("The address or the password is wrong.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.Contains("snikket-session=", StringComparison.Ordinal) && !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_login_post_without_the_antiforgery_token_is_rejected_before_the_api_is_asked()
    {
        using var client = _portal.CreateClient();
        var before = _portal.Api.Calls.Count;

        using var response = await client.PostAsync("/login", new FormUrlEncodedContent([new("address", "alice"), new("password", "alice password")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, _portal.Api.Calls.Count);
    }

    [Fact]
    public async Task A_return_url_to_another_site_is_not_followed()
    {
        using var client = _portal.CreateClient();

        using var response = await Forms.PostAsync(client, "/login?returnUrl=https%3A%2F%2Fevil.example%2F", [new("address", "alice"), new("password", "alice password"), new("returnUrl", "https://evil.example/")]);

        Assert.Equal("/user", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Pages_under_user_need_a_login()
    {
        using var client = _portal.CreateClient();

        using var response = await client.GetAsync("/user");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("https://localhost/login?returnUrl=", response.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_normal_user_cannot_open_the_admin_panel()
    {
        using var client = _portal.CreateClient();
        await Forms.LogInAsync(client, "alice", "alice password");

        using var response = await client.GetAsync("/admin/users");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/forbidden", response.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logging_out_needs_a_post_with_the_token_and_ends_the_session()
    {
        using var client = _portal.CreateClient();
        await Forms.LogInAsync(client, "alice", "alice password");

        using var withoutToken = await client.PostAsync("/logout", new FormUrlEncodedContent([]));
        using var stillIn = await client.GetAsync("/user");
        using var logout = await Forms.PostAsync(client, "/logout", [], page: "/user");
        using var after = await client.GetAsync("/user");

        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_logs_out_and_the_new_one_works()
    {
        _portal.Api.AddUser("carol", "carol password");
        using var client = _portal.CreateClient();
        await Forms.LogInAsync(client, "carol", "carol password");

        using var response = await Forms.PostAsync(client, "/user/password", ("current", "carol password"), ("new", "a fresh password"), ("confirm", "a fresh password"));

        Assert.Equal("/login", response.Headers.Location?.OriginalString);
        Assert.Equal("a fresh password", _portal.Api.Users["carol"].Password);
    }

    [Fact]
    public async Task A_password_change_with_a_mismatched_confirmation_changes_nothing()
    {
        _portal.Api.AddUser("dave", "dave password");
        using var client = _portal.CreateClient();
        await Forms.LogInAsync(client, "dave", "dave password");

        using var response = await Forms.PostAsync(client, "/user/password", ("current", "dave password"), ("new", "a fresh password"), ("confirm", "another password"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The two passwords are not the same.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("dave password", _portal.Api.Users["dave"].Password);
    }
}
