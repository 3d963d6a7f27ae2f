namespace Snikket.Server.Modules.Invites;

/// <summary>
/// The addresses an invite is shared as (reference §4.3): the <c>xmpp:</c> URI a client opens
/// (XEP-0401 §4 and XEP-0379 §3) and the landing page the portal serves at <c>https://D/invite/T/</c>.
/// </summary>
internal static class InviteLinks
{
    /// <summary>
    /// <c>xmpp:D?register;preauth=T</c> (account and group), <c>xmpp:user@D?register;preauth=T</c>
    /// (bound account invite, reset), <c>xmpp:inviter@D?roster;preauth=T[;ibr=y]</c> (contact).
    /// </summary>
    public static string XmppUri(string domain, Invite invite, string token) => invite.Kind switch
    {
        InviteKind.Contact => $"xmpp:{Local(invite.Creator!)}@{domain}?roster;preauth={token}" + (invite.AllowRegistration ? ";ibr=y" : ""),
        _ when invite.Username is not null => $"xmpp:{Local(invite.Username)}@{domain}?register;preauth={token}",
        _ => $"xmpp:{domain}?register;preauth={token}",
    };

    /// <summary>The portal's page for the invite, for browsers and QR codes.</summary>
    public static string LandingUrl(string domain, string token) => $"https://{domain}/invite/{token}/";

    /// <summary>RFC 5122 §2.2: a localpart goes into the URI percent-encoded where it is not a plain URI character.</summary>
    private static string Local(string username) => Uri.EscapeDataString(username);
}
