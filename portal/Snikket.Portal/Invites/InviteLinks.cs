namespace Snikket.Portal.Invites;

/// <summary>The invite landing page's public address (<c>https://D/invite/T/</c>, issue 4), for links and QR codes.</summary>
public static class InviteLinks
{
    public static string LandingPage(PortalSettings settings, string token) =>
        new Uri(settings.PublicBaseUrl, "invite/" + Uri.EscapeDataString(token) + "/").ToString();
}
