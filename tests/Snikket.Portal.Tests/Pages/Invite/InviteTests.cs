using System.Net;

namespace Snikket.Portal.Tests.Pages.Invite;

public sealed class InviteTests : IClassFixture<PortalFactory>
{
    private const string AndroidUa = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36";
    private const string IphoneUa = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1";
    private const string DesktopUa = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";
    private readonly PortalFactory _portal;

    public InviteTests(PortalFactory portal) => _portal = portal;

    private async Task<(HttpResponseMessage Response, string Html)> OpenAsync(string path, string userAgent)
    {
        using var client = _portal.CreateClient();
        client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        var response = await client.GetAsync(path);
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task On_android_the_page_offers_google_play_with_the_invite_as_install_referrer_and_f_droid()
    {
        var invite = _portal.Api.AddInvite("tokenAndroid1");

        var (response, html) = await OpenAsync("/invite/tokenAndroid1/", AndroidUa);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("https://play.google.com/store/apps/details?id=org.snikket.android&amp;referrer=" + Uri.EscapeDataString(invite.Uri).Replace(";", "%3B", StringComparison.Ordinal), html, StringComparison.Ordinal);
        Assert.Contains("https://f-droid.org/packages/org.snikket.android/", html, StringComparison.Ordinal);
        Assert.DoesNotContain("apps.apple.com", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_an_iphone_the_page_offers_the_app_store_then_open_the_app()
    {
        _portal.Api.AddInvite("tokenIos1");

        var (_, html) = await OpenAsync("/invite/tokenIos1/", IphoneUa);

        Assert.Contains("https://apps.apple.com/app/snikket/id1545164189", html, StringComparison.Ordinal);
        Assert.Contains("href=\"xmpp:chat.example?register;preauth=tokenIos1\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("play.google.com", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_a_computer_the_page_shows_a_qr_code_rendered_on_the_server()
    {
        _portal.Api.AddInvite("tokenDesktop1");

        var (_, html) = await OpenAsync("/invite/tokenDesktop1/", DesktopUa);

        Assert.Contains("src=\"data:image/svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_platform_can_be_chosen_by_hand()
    {
        _portal.Api.AddInvite("tokenChoice1");

        var (_, html) = await OpenAsync("/invite/tokenChoice1/?platform=android", DesktopUa);

        Assert.Contains("play.google.com", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_names_the_inviter_and_the_service()
    {
        _portal.Api.AddInvite("tokenNames1", inviter: "alice@chat.example");

        var (_, html) = await OpenAsync("/invite/tokenNames1/", DesktopUa);

        Assert.Contains("alice@chat.example invited you to chat on Example Chat.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Script_in_the_inviter_name_is_escaped()
    {
        _portal.Api.AddInvite("tokenXss1", inviter: "<script>alert(1)</script>");

        var (_, html) = await OpenAsync("/invite/tokenXss1/", DesktopUa);

        Assert.DoesNotContain("<script>alert(1)</script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_invite_page_sends_the_xmpp_uri_as_a_link_header_readable_cross_origin()
    {
        _portal.Api.AddInvite("tokenLink1");

        var (response, html) = await OpenAsync("/invite/tokenLink1/", DesktopUa);

        Assert.Equal("<xmpp:chat.example?register;preauth=tokenLink1>; rel=\"alternate\"", response.Headers.GetValues("Link").Single());
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("Link", response.Headers.GetValues("Access-Control-Expose-Headers").Single());
        Assert.Contains("<link rel=\"alternate\" href=\"xmpp:chat.example?register;preauth=tokenLink1\">", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/invite/no-such-token/")]
    [InlineData("/invite/no-such-token/register")]
    public async Task An_unknown_or_expired_token_gets_a_friendly_404(string path)
    {
        var (response, html) = await OpenAsync(path, DesktopUa);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("This invitation cannot be used", html, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Link"));
    }

    [Fact]
    public async Task An_oversize_token_is_not_sent_to_the_api()
    {
        var before = _portal.Api.Calls.Count;

        var (response, _) = await OpenAsync("/invite/" + new string('a', 5000) + "/", DesktopUa);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, _portal.Api.Calls.Count);
    }

    [Fact]
    public async Task Registering_on_the_web_creates_the_account_and_shows_the_address()
    {
        _portal.Api.AddInvite("tokenReg1");
        using var client = _portal.CreateClient();

        using var response = await Forms.PostAsync(client, "/invite/tokenReg1/register", ("username", "newbie"), ("password", "newbie password"), ("confirm", "newbie password"));
        var success = await client.GetStringAsync(response.Headers.Location!.OriginalString);

        Assert.Equal("/invite/success", response.Headers.Location.OriginalString);
        Assert.Contains("newbie@chat.example", success, StringComparison.Ordinal);
        Assert.True(_portal.Api.Users.ContainsKey("newbie"));
    }

    [Theory]
    [InlineData("alice", "long enough pw", "long enough pw", "That username is taken.")]
    [InlineData("bob", "short", "short", "The password needs at least 10 characters.")]
    [InlineData("bad name", "long enough pw", "long enough pw", "That username cannot be used.")]
    [InlineData("bob", "long enough pw", "different pw!!", "The two passwords are not the same.")]
    [InlineData("", "long enough pw", "long enough pw", "Choose a username.")]
    public async Task Registration_errors_are_explained_and_create_nothing(string username, string password, string confirm, string message)
    {
        _portal.Api.AddUser("alice", "alice password");
        var token = "tokenErr" + Guid.NewGuid().ToString("N");
        _portal.Api.AddInvite(token);
        using var client = _portal.CreateClient();
        var users = _portal.Api.Users.Count;

        using var response = await Forms.PostAsync(client, $"/invite/{token}/register", ("username", username), ("password", password), ("confirm", confirm));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(users, _portal.Api.Users.Count);
    }

    [Fact]
    public async Task Registering_with_an_invite_that_expired_meanwhile_shows_the_expired_page()
    {
        _portal.Api.AddInvite("tokenGone1");
        using var client = _portal.CreateClient();
        var csrf = await Forms.CsrfTokenAsync(client, "/invite/tokenGone1/register");
        _portal.Api.Invites.TryRemove("tokenGone1", out _);

        using var response = await client.PostAsync("/invite/tokenGone1/register", new FormUrlEncodedContent([new("username", "late"), new("password", "late password"), new("confirm", "late password"), new("__csrf", csrf)]));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("has expired, has already been used", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registration_post_without_the_antiforgery_token_is_rejected_and_creates_nothing()
    {
        _portal.Api.AddInvite("tokenCsrf1");
        using var client = _portal.CreateClient();

        using var response = await client.PostAsync("/invite/tokenCsrf1/register", new FormUrlEncodedContent([new("username", "sneaky"), new("password", "sneaky password"), new("confirm", "sneaky password")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(_portal.Api.Users.ContainsKey("sneaky"));
    }

    [Fact]
    public async Task A_reset_link_sets_a_new_password_for_its_account()
    {
        _portal.Api.AddUser("erin", "erin old password");
        _portal.Api.AddInvite("tokenReset1", inviter: null, reset: true, jid: "erin@chat.example");
        using var client = _portal.CreateClient();

        var landing = await client.GetStringAsync("/invite/tokenReset1/");
        using var response = await Forms.PostAsync(client, "/invite/tokenReset1/reset", ("password", "erin new password"), ("confirm", "erin new password"));

        Assert.Contains("Reset your password", landing, StringComparison.Ordinal);
        Assert.Equal("/invite/success", response.Headers.Location?.OriginalString);
        Assert.Equal("erin new password", _portal.Api.Users["erin"].Password);
    }
}
