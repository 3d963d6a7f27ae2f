namespace Snikket.Portal.Invites;

/// <summary>
/// Where to get the Snikket apps (<c>reference/snikket.md</c> §4.4). The Play Store link carries
/// the invite URI as the install referrer, so the Android app continues with the invite after
/// installing. These are links people follow, never requests the page makes.
/// </summary>
public static class AppLinks
{
    public const string AndroidPackage = "org.snikket.android";

    public const string AppStore = "https://apps.apple.com/app/snikket/id1545164189";

    public const string FDroid = "https://f-droid.org/packages/org.snikket.android/";

    public static string GooglePlay(string xmppUri) =>
        $"https://play.google.com/store/apps/details?id={AndroidPackage}&referrer={Uri.EscapeDataString(xmppUri)}";
}
