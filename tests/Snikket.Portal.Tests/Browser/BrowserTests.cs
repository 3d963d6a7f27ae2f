using Microsoft.Playwright;

namespace Snikket.Portal.Tests.Browser;

/// <summary>The portal in headless Chromium at a phone's size, against the real server.</summary>
public sealed class BrowserTests(LivePortal live) : IClassFixture<LivePortal>
{
    private static readonly string[] RequiredHeaders = ["content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options"];

    private static void AssertSecurityHeaders(IResponse? response)
    {
        Assert.NotNull(response);
        foreach (var header in RequiredHeaders)
        {
            Assert.True(response.Headers.ContainsKey(header), $"{response.Url} lacks {header}");
        }

        Assert.DoesNotContain("unsafe-inline", response.Headers["content-security-policy"], StringComparison.Ordinal);
    }

    /// <summary>The page is readable at 360 px: nothing is wider than the screen.</summary>
    private static async Task AssertFitsAsync(IPage page)
    {
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 360, $"{page.Url} is {width} px wide");
    }

    [Fact]
    public async Task A_person_logs_in_on_a_phone_sees_their_address_and_logs_out()
    {
        await live.CreateAccountAsync("alice", "alice password");
        var page = await live.PhoneAsync();

        var login = await page.GotoAsync("login");
        AssertSecurityHeaders(login);
        await AssertFitsAsync(page);
        await LivePortal.ScreenshotAsync(page, "01-login");
        await page.FillAsync("#address", "alice");
        await page.FillAsync("#password", "alice password");
        await page.ClickAsync("main button[type=submit]");
        await page.WaitForURLAsync("**/user");
        await AssertFitsAsync(page);
        await LivePortal.ScreenshotAsync(page, "02-home");

        Assert.Contains("alice@localhost", await page.TextContentAsync("main") ?? "", StringComparison.Ordinal);

        await page.ClickAsync("text=Log out");
        await page.WaitForURLAsync("**/login");
    }

    [Fact]
    public async Task A_wrong_password_shows_the_error_on_the_page()
    {
        await live.CreateAccountAsync("bob", "bob password!");
        var page = await live.PhoneAsync();
        await page.GotoAsync("login");

        await page.FillAsync("#address", "bob");
        await page.FillAsync("#password", "not it at all");
        await page.ClickAsync("main button[type=submit]");

        Assert.Contains("The address or the password is wrong.", await page.TextContentAsync(".errors") ?? "", StringComparison.Ordinal);
        await LivePortal.ScreenshotAsync(page, "03-login-error");
    }

    [Fact]
    public async Task The_password_page_changes_the_password()
    {
        await live.CreateAccountAsync("carol", "carol password");
        var page = await live.PhoneAsync();
        await page.GotoAsync("login");
        await page.FillAsync("#address", "carol@localhost");
        await page.FillAsync("#password", "carol password");
        await page.ClickAsync("main button[type=submit]");
        await page.WaitForURLAsync("**/user");

        var form = await page.GotoAsync("user/password");
        AssertSecurityHeaders(form);
        await LivePortal.ScreenshotAsync(page, "04-password");
        await page.FillAsync("#current", "carol password");
        await page.FillAsync("#new", "carol new password");
        await page.FillAsync("#confirm", "carol new password");
        await page.ClickAsync("main button[type=submit]");
        await page.WaitForURLAsync("**/login");
        await page.FillAsync("#address", "carol");
        await page.FillAsync("#password", "carol new password");
        await page.ClickAsync("main button[type=submit]");

        await page.WaitForURLAsync("**/user");
    }

    [Fact]
    public async Task An_unknown_invite_gets_the_friendly_page_at_phone_size()
    {
        var page = await live.PhoneAsync();

        var response = await page.GotoAsync("invite/not-a-real-token/");

        Assert.Equal(404, response!.Status);
        AssertSecurityHeaders(response);
        await AssertFitsAsync(page);
        Assert.Contains("This invitation cannot be used", await page.TextContentAsync("h1") ?? "", StringComparison.Ordinal);
        await LivePortal.ScreenshotAsync(page, "05-invite-invalid");
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        var page = await live.PhoneAsync();
        await page.GotoAsync("login");

        var response = await page.APIRequest.PostAsync("login", new APIRequestContextOptions
        {
            Form = page.APIRequest.CreateFormData(),
        });

        Assert.Equal(400, response.Status);
    }
}
