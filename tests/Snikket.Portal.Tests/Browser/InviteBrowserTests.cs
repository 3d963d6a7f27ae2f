using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Snikket.Portal.Invites;
using Snikket.Server.Accounts;
using Snikket.Server.Modules.Invites;

namespace Snikket.Portal.Tests.Browser;

/// <summary>Invites end to end in headless Chromium at a phone's size, against the real server and its invite store.</summary>
public sealed class InviteBrowserTests(LivePortal live) : IClassFixture<LivePortal>
{
    private static async Task LogInAsync(IPage page, string address, string password)
    {
        await page.GotoAsync("login");
        await page.FillAsync("#address", address);
        await page.FillAsync("#password", password);
        await page.ClickAsync("main button[type=submit]");
        await page.WaitForURLAsync("**/user");
    }

    [Fact]
    public async Task A_person_opens_an_invite_on_a_phone_registers_on_the_web_and_sees_their_address()
    {
        await live.CreateAccountAsync("inviter", "inviter password");
        var token = await live.CreateInviteAsync("inviter");
        var page = await live.PhoneAsync();

        var landing = await page.GotoAsync($"invite/{token}/");
        await LivePortal.ScreenshotAsync(page, "10-invite-android");
        Assert.Equal(200, landing!.Status);
        Assert.Contains("inviter@localhost invited you", await page.TextContentAsync("main") ?? "", StringComparison.Ordinal);
        Assert.StartsWith("https://play.google.com/store/apps/details?id=org.snikket.android&referrer=xmpp%3Alocalhost", await page.GetAttributeAsync("a.store", "href") ?? "", StringComparison.Ordinal);
        Assert.Equal("<xmpp:localhost?register;preauth=" + token + ">; rel=\"alternate\"", landing.Headers["link"]);

        await page.ClickAsync("text=Create your account on the web");
        await page.WaitForURLAsync("**/register");
        await LivePortal.ScreenshotAsync(page, "11-register");
        await page.FillAsync("#username", "newcomer");
        await page.FillAsync("#password", "newcomer password");
        await page.FillAsync("#confirm", "newcomer password");
        await page.ClickAsync("main button[type=submit]");
        await page.WaitForURLAsync("**/invite/success");
        await LivePortal.ScreenshotAsync(page, "12-registered");

        Assert.Equal("newcomer@localhost", await page.TextContentAsync("#jid"));
        var again = await page.GotoAsync($"invite/{token}/");
        Assert.Equal(404, again!.Status);
    }

    [Fact]
    public async Task A_taken_username_is_explained_on_the_form()
    {
        await live.CreateAccountAsync("taken", "taken password");
        var token = await live.CreateInviteAsync("taken");
        var page = await live.PhoneAsync();
        await page.GotoAsync($"invite/{token}/register");

        await page.FillAsync("#username", "taken");
        await page.FillAsync("#password", "some password");
        await page.FillAsync("#confirm", "some password");
        await page.ClickAsync("main button[type=submit]");

        Assert.Contains("That username is taken.", await page.TextContentAsync(".errors") ?? "", StringComparison.Ordinal);
        await LivePortal.ScreenshotAsync(page, "13-register-taken");
    }

    [Fact]
    public async Task On_a_computer_the_invite_shows_a_qr_code()
    {
        await live.CreateAccountAsync("qrmaker", "qrmaker password");
        var token = await live.CreateInviteAsync("qrmaker");
        var page = await live.PhoneAsync("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36");

        await page.GotoAsync($"invite/{token}/");

        Assert.True(await page.IsVisibleAsync(".qr img"));
        await LivePortal.ScreenshotAsync(page, "14-invite-desktop-qr");
    }

    [Fact]
    public async Task An_admin_creates_an_invite_shares_it_and_revokes_it()
    {
        await live.CreateAccountAsync("boss", "boss password", AccountRole.Admin);
        var page = await live.PhoneAsync();
        await LogInAsync(page, "boss", "boss password");

        await page.GotoAsync("admin");
        await LivePortal.ScreenshotAsync(page, "20-admin");
        var form = await page.GotoAsync("admin/invites");
        await LivePortal.ScreenshotAsync(page, "21-admin-invites");
        Assert.Equal(200, form!.Status);
        await page.FillAsync("#note", "for <b>Bob</b>");
        await page.ClickAsync("main form button.primary");
        await page.WaitForURLAsync("**/admin/invites/*");
        await LivePortal.ScreenshotAsync(page, "22-admin-invite-created");
        var link = await page.InputValueAsync("#invite-link");
        var token = link.Split('/')[^2];

        var visitor = await live.PhoneAsync();
        var before = await visitor.GotoAsync($"invite/{token}/");
        await page.ClickAsync("main button.danger");
        await page.WaitForURLAsync("**/admin/invites");
        await LivePortal.ScreenshotAsync(page, "23-admin-invite-revoked");
        var after = await visitor.GotoAsync($"invite/{token}/");

        Assert.StartsWith("https://localhost/invite/", link, StringComparison.Ordinal);
        Assert.Equal(200, before!.Status);
        Assert.Equal(404, after!.Status);
    }

    [Fact]
    public async Task On_an_iphone_the_invite_offers_the_app_store()
    {
        await live.CreateAccountAsync("iosfriend", "iosfriend password");
        var token = await live.CreateInviteAsync("iosfriend");
        var page = await live.PhoneAsync("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1");

        await page.GotoAsync($"invite/{token}/");
        await LivePortal.ScreenshotAsync(page, "15-invite-ios");

        Assert.Equal(AppLinks.AppStore, await page.GetAttributeAsync("a.store", "href"));
    }

    [Fact]
    public async Task A_reset_link_opens_a_form_for_the_new_password()
    {
        await live.CreateAccountAsync("forgetful", "forgetful password");
        var created = await live.ServerServices.GetRequiredService<InviteStore>().CreateAsync(new InviteRequest { Kind = InviteKind.Reset, Username = "forgetful" }, CancellationToken.None);
        var page = await live.PhoneAsync();

        var response = await page.GotoAsync($"invite/{created.Token}/reset");
        await LivePortal.ScreenshotAsync(page, "16-reset");

        Assert.Equal(200, response!.Status);
        Assert.Contains("forgetful@localhost", await page.TextContentAsync("main") ?? "", StringComparison.Ordinal);
        Assert.True(await page.IsVisibleAsync("#password"));
    }

    [Fact]
    public async Task The_landing_register_success_and_admin_invite_pages_send_the_security_headers()
    {
        await live.CreateAccountAsync("guard", "guard password", AccountRole.Admin);
        var token = await live.CreateInviteAsync("guard");
        var page = await live.PhoneAsync();

        AssertSecurityHeaders(await page.GotoAsync($"invite/{token}/"));
        AssertSecurityHeaders(await page.GotoAsync($"invite/{token}/register"));
        await page.FillAsync("#username", "guarded");
        await page.FillAsync("#password", "guarded password");
        await page.FillAsync("#confirm", "guarded password");
        AssertSecurityHeaders(await page.RunAndWaitForResponseAsync(() => page.ClickAsync("main button[type=submit]"), r => r.Url.EndsWith("/invite/success", StringComparison.Ordinal)));
        var admin = await live.PhoneAsync();
        await LogInAsync(admin, "guard", "guard password");
        AssertSecurityHeaders(await admin.GotoAsync("admin/invites"));
    }

    [Fact]
    public async Task A_note_with_markup_stays_text_on_the_admin_pages()
    {
        await live.CreateAccountAsync("escaper", "escaper password", AccountRole.Admin);
        var page = await live.PhoneAsync();
        await LogInAsync(page, "escaper", "escaper password");
        await page.GotoAsync("admin/invites");

        await page.FillAsync("#note", "for <b>Bob</b>");
        await page.ClickAsync("main form button.primary");
        await page.WaitForURLAsync("**/admin/invites/*");
        var details = await page.TextContentAsync("main dl") ?? "";
        var boldOnDetails = await page.Locator("main dl b").CountAsync();
        await page.GotoAsync("admin/invites");

        Assert.Contains("for <b>Bob</b>", details, StringComparison.Ordinal);
        Assert.Equal(0, boldOnDetails);
        Assert.Contains("for <b>Bob</b>", await page.TextContentAsync("main ul.list") ?? "", StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("main ul.list b").CountAsync());
    }

    [Fact]
    public async Task A_form_body_over_64_kb_is_refused_with_413()
    {
        using var http = new HttpClient { BaseAddress = live.PortalAddress };
        var huge = new string('x', PortalHost.MaxRequestBodyBytes + 1024);

        using var response = await http.PostAsync("invite/whatever/register", new FormUrlEncodedContent([new("username", huge)]));

        Assert.Equal(System.Net.HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(body.Contains("shorten what you typed", StringComparison.Ordinal), body);
    }

    private static void AssertSecurityHeaders(IResponse? response)
    {
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.Contains("frame-ancestors 'none'", response.Headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers["x-content-type-options"]);
        Assert.Equal("no-referrer", response.Headers["referrer-policy"]);
    }

    [Fact]
    public async Task The_admin_pages_render_at_phone_size()
    {
        await live.CreateAccountAsync("chief", "chief password", AccountRole.Admin);
        var page = await live.PhoneAsync();
        await LogInAsync(page, "chief", "chief password");

        foreach (var (path, name) in new[] { ("admin/users", "24-admin-users"), ("admin/users/chief", "25-admin-user"), ("admin/circles", "26-admin-circles"), ("admin/system", "27-admin-system") })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(200, response!.Status);
            Assert.True(response.Headers.ContainsKey("content-security-policy"));
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(width <= 360, $"{path} is {width} px wide");
            await LivePortal.ScreenshotAsync(page, name);
        }
    }
}
