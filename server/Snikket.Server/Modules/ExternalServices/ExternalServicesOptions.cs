using Snikket.Server.Hosting;
using Snikket.Server.Turn;

namespace Snikket.Server.Modules.ExternalServices;

/// <summary>
/// What the XEP-0215 module advertises: the TURN host (null: nothing, the module stays silent) and
/// ports, and the secret to mint credentials with.
/// </summary>
internal sealed record ExternalServicesOptions(string? Host, int Port, int TlsPort, string Secret, TimeSpan CredentialLifetime)
{
    /// <summary>coturn runs beside the server (compose <c>turn</c>), reached at the XMPP domain unless <c>SNIKKET_TWEAK_TURNSERVER</c> names another host.</summary>
    public static ExternalServicesOptions From(ServerSettings settings) => new(
        settings.Turn.Advertised ? settings.Turn.Host ?? settings.Domain : null,
        settings.Turn.Port,
        settings.Turn.TlsPort,
        TurnSecret.Read(settings.DataDirectory),
        settings.Turn.CredentialLifetime);
}
