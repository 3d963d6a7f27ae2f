using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Snikket.Server.Tls;

/// <summary>The one place TLS server options are decided: TLS 1.2 and 1.3 only, no client certificates.</summary>
internal static class TlsSettings
{
    /// <summary>XEP-0368 / RFC 7590: the ALPN protocol of direct-TLS client connections.</summary>
    public static readonly SslApplicationProtocol XmppClient = new("xmpp-client");

    public static SslServerAuthenticationOptions ServerOptions(ServerCertificate certificate, List<SslApplicationProtocol> protocols) => new()
    {
        ServerCertificateContext = certificate.Context,
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        ClientCertificateRequired = false,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        ApplicationProtocols = protocols.Count == 0 ? null : protocols,
    };
}
