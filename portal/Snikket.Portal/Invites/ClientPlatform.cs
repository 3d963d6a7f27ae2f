namespace Snikket.Portal.Invites;

/// <summary>The kind of device opening an invite, which decides the buttons the landing page offers.</summary>
public enum ClientPlatform
{
    Desktop,
    Android,
    Ios,
}
