namespace Snikket.Portal.Tests;

/// <summary>
/// The language comes from the browser's Accept-Language (RFC 9110 §12.5.4) among the languages
/// the portal has resources for; anything else gets English rather than a half-translated page.
/// </summary>
public sealed class LanguageSelectionTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private async Task<string> LoginPageAsync(string acceptLanguage)
    {
        using var client = portal.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/login");
        request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        using var response = await client.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_regional_english_browser_gets_the_english_pages()
    {
        var html = await LoginPageAsync("en-GB,en;q=0.8");

        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_language_without_resources_falls_back_to_english()
    {
        var html = await LoginPageAsync("de-DE,de;q=0.9,fr;q=0.5");

        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("Log in", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_accept_language_still_gets_a_page()
    {
        var html = await LoginPageAsync(";;;q=abc,,x-");

        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
    }
}
