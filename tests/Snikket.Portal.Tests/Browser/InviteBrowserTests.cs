using Microsoft.Playwright;
using Snikket.Server.Accounts;

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
