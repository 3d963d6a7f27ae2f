using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Snikket.Server.Tls;

/// <summary>
/// Makes the certificate the embedded default starts with when the operator has not provided one:
/// ECDSA P-256, valid for the domain and the service subdomains the appliance will host
/// (<c>groups.D</c>, <c>share.D</c>), one year. Clients will warn about it, by design: it is for a
/// quick local try, not for the public internet.
/// </summary>
internal static class SelfSignedCertificate
{
    public static void Write(string domain, string certificatePath, string keyPath, TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={domain}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(domain);
        names.AddDnsName($"groups.{domain}");
        names.AddDnsName($"share.{domain}");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));

        var now = time.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(certificatePath))!);
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
