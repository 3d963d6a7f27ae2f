namespace Snikket.Configuration;

/// <summary>
/// The sections of <c>snikket.conf.example</c>. The declaration order is the order in which the
/// groups appear in the example file, so the operator meets the common settings first.
/// </summary>
public enum SettingGroup
{
    /// <summary>The two settings every installation must give.</summary>
    Required,

    /// <summary>Names, contacts and policies shown to users and to other servers.</summary>
    Site,

    /// <summary>How long data is kept, how much may be stored, and where it lives.</summary>
    Storage,

    /// <summary>Logging, update checks and outgoing email.</summary>
    Operation,

    /// <summary>Certificates and TLS for every public service.</summary>
    Certificates,

    /// <summary>The public web ports and the internal HTTP endpoints of the server and portal.</summary>
    Web,

    /// <summary>XMPP client and server-to-server connections and their limits.</summary>
    Xmpp,

    /// <summary>The TURN relay used for audio and video calls.</summary>
    Turn,
}
