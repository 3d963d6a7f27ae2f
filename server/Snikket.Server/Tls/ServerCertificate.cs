using System.Security.Cryptography.X509Certificates;

namespace Snikket.Server.Tls;

/// <summary>
/// A loaded certificate and its <c>tls-server-end-point</c> channel-binding data (RFC 5929 §4),
/// computed once per certificate rather than once per login.
/// </summary>
internal sealed record ServerCertificate(X509Certificate2 Certificate, byte[] ChannelBinding);
