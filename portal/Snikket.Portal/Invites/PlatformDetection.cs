namespace Snikket.Portal.Invites;

/// <summary>
/// Guesses the platform from the User-Agent (Snikket's page has no detection and shows every store,
/// <c>reference/snikket.md</c> §4.4). A guess only: the page always links to the other choices.
/// iPadOS presents itself as a Mac; "Macintosh" with "Mobile" is an iPad.
/// </summary>
public static class PlatformDetection
{
    public static ClientPlatform FromUserAgent(string? userAgent)
    {
        var ua = userAgent ?? "";
        if (ua.Contains("Android", StringComparison.OrdinalIgnoreCase))
        {
            return ClientPlatform.Android;
        }

        if (ua.Contains("iPhone", StringComparison.OrdinalIgnoreCase)
            || ua.Contains("iPad", StringComparison.OrdinalIgnoreCase)
            || ua.Contains("iPod", StringComparison.OrdinalIgnoreCase)
            || (ua.Contains("Macintosh", StringComparison.OrdinalIgnoreCase) && ua.Contains("Mobile", StringComparison.OrdinalIgnoreCase)))
        {
            return ClientPlatform.Ios;
        }

        return ClientPlatform.Desktop;
    }

    /// <summary>An explicit choice (<c>?platform=</c>) wins over the guess.</summary>
    public static ClientPlatform Choose(string? requested, string? userAgent) => requested?.ToLowerInvariant() switch
    {
        "android" => ClientPlatform.Android,
        "ios" => ClientPlatform.Ios,
        "desktop" => ClientPlatform.Desktop,
        _ => FromUserAgent(userAgent),
    };
}
