using System.Net;

namespace Snikket.Portal.Tests.Pages;

/// <summary>Brute force gets 429 after a small burst (its own portal, so other tests' posts do not count).</summary>
public sealed class RateLimitTests : IClassFixture<RateLimitTests.StrictPortal>
{
    private readonly PortalFactory _portal;

    public RateLimitTests(StrictPortal portal) => _portal = portal;

    [Fact]
    public async Task Password_guessing_gets_429_with_retry_after_after_five_attempts()
    {
        using var client = _portal.CreateClient();
        var token = await Forms.CsrfTokenAsync(client, "/login");
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 7; i++)
        {
            using var response = await client.PostAsync("/login", new FormUrlEncodedContent([new("address", "alice"), new("password", "guess " + i), new("__csrf", token)]));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task Registration_posts_get_429_after_five_attempts()
    {
        _portal.Api.AddInvite("tokenBurst1");
        using var client = _portal.CreateClient();
        var token = await Forms.CsrfTokenAsync(client, "/invite/tokenBurst1/register");
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 6; i++)
        {
            // Too short a password: refused by the API each time, so the invite stays usable.
            using var response = await client.PostAsync("/invite/tokenBurst1/register", new FormUrlEncodedContent([new("username", "burst" + i), new("password", "short"), new("confirm", "short"), new("__csrf", token)]));
            statuses.Add(response.StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses[..5]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task Token_guessing_on_invite_pages_gets_429()
    {
        using var client = _portal.CreateClient();
        var last = HttpStatusCode.OK;

        for (var i = 0; i < 40 && last != HttpStatusCode.TooManyRequests; i++)
        {
            using var response = await client.GetAsync($"/invite/guess{i}/");
            last = response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last);
    }

    /// <summary>A portal with the production limits.</summary>
    public sealed class StrictPortal : PortalFactory
    {
        protected override bool StrictRateLimits => true;
    }
}
