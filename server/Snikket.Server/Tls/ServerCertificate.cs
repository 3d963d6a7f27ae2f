using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Snikket.Server.Tls;

/// <summary>
/// A loaded certificate and its <c>tls-server-end-point</c> channel-binding data (RFC 5929 §4),
/// computed once per certificate rather than once per login. <see cref="Context"/> carries the
/// intermediate certificates of the PEM chain, which the handshake must send (RFC 8446 §4.4.2):
/// clients such as Android's do not fetch a missing intermediate, so a leaf alone fails to verify.
/// </summary>
internal sealed record ServerCertificate(X509Certificate2 Certificate, byte[] ChannelBinding, SslStreamCertificateContext Context);
