namespace Snikket.Server.Routing;

/// <summary>The kind of address an IQ request is sent to, as seen from this server.</summary>
internal enum To
{
    /// <summary>The server itself (<c>to</c> is our domain).</summary>
    Host,

    /// <summary>A local account's bare JID (including no <c>to</c> at all: the sender's own account, RFC 6120 §10.3.3).</summary>
    Bare,
}
