using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Snikket.Xmpp.Sasl;

namespace Snikket.Server.Tls;

/// <summary>
/// The server's TLS certificate, read from PEM files and re-read when they change, so a renewed
/// certificate is used by the next handshake without a restart and without dropping connections
/// already open. The files are checked at most once per <see cref="CheckInterval"/> (a stat, not a
/// read) so a handshake burst costs nothing.
/// </summary>
internal sealed partial class CertificateStore(string certificatePath, string keyPath, TimeProvider time, ILogger<CertificateStore> logger)
{
    /// <summary>How often the files' timestamps are looked at.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    private readonly Lock _lock = new();
    private ServerCertificate? _current;
    private DateTime _loadedCertificateWrite;
    private DateTime _loadedKeyWrite;
    private DateTimeOffset _nextCheck;

    public string CertificatePath => certificatePath;

    /// <summary>The certificate to present now, with its channel-binding data.</summary>
    public ServerCertificate Current
    {
        get
        {
            var now = time.GetUtcNow();
            lock (_lock)
            {
                if (_current is not null && now < _nextCheck)
                {
                    return _current;
                }

                _nextCheck = now + CheckInterval;
                var certificateWrite = File.GetLastWriteTimeUtc(certificatePath);
                var keyWrite = File.GetLastWriteTimeUtc(keyPath);
                if (_current is null || certificateWrite != _loadedCertificateWrite || keyWrite != _loadedKeyWrite)
                {
                    Reload(certificateWrite, keyWrite);
                }

                return _current!;
            }
        }
    }

    private void Reload(DateTime certificateWrite, DateTime keyWrite)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            // Round trip through PKCS#12 so the private key is usable by SslStream on every platform.
            var certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            _current = new ServerCertificate(certificate, ScramServer.TlsServerEndPoint(certificate), WithIntermediates(certificate));
            _loadedCertificateWrite = certificateWrite;
            _loadedKeyWrite = keyWrite;
            Log.Loaded(logger, certificatePath, certificate.Subject, certificate.NotAfter);
        }
        catch (Exception e) when (_current is not null && e is IOException or System.Security.Cryptography.CryptographicException)
        {
            // A renewal caught half-written: keep serving the old certificate, try again next check.
            Log.ReloadFailed(logger, certificatePath, e.Message);
        }
    }

    /// <summary>
    /// The handshake context: the leaf plus every further certificate in the PEM file (the CA's
    /// intermediates, as ACME delivers them). Built offline: nothing is fetched to complete it.
    /// </summary>
    private SslStreamCertificateContext WithIntermediates(X509Certificate2 leaf)
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(certificatePath);
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in chain)
        {
            if (certificate.Thumbprint != leaf.Thumbprint)
            {
                intermediates.Add(certificate);
            }
            else
            {
                certificate.Dispose();
            }
        }

        return SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Loaded TLS certificate {Path} for {Subject}, valid until {NotAfter:u}")]
        public static partial void Loaded(ILogger logger, string path, string subject, DateTime notAfter);

        [LoggerMessage(2, LogLevel.Warning, "Could not reload TLS certificate {Path}, keeping the previous one: {Reason}")]
        public static partial void ReloadFailed(ILogger logger, string path, string reason);
    }
}
