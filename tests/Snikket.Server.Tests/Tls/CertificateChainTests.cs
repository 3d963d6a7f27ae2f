using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Snikket.Server.Tls;

namespace Snikket.Server.Tests.Tls;

/// <summary>
/// A CA-issued certificate file holds the leaf and the CA's intermediate (ACME delivers the chain).
/// The handshake must send the intermediate: a client that trusts only the root (as Android
/// trusts only the roots it ships) cannot verify a leaf sent alone.
/// </summary>
public sealed class CertificateChainTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("snikket-chain-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_handshake_sends_the_intermediate_so_a_client_trusting_only_the_root_verifies()
    {
        using var root = CreateCa("Test Root", issuer: null);
        using var intermediate = CreateCa("Test Intermediate", root);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=chat.example.org", leafKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("chat.example.org");
        request.CertificateExtensions.Add(names.Build());
        using var leaf = request.Create(intermediate, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3, 4]);
        var certificatePath = Path.Combine(_directory, "chat.crt");
        var keyPath = Path.Combine(_directory, "chat.key");
        await File.WriteAllTextAsync(certificatePath, leaf.ExportCertificatePem() + "\n" + intermediate.ExportCertificatePem() + "\n");
        await File.WriteAllTextAsync(keyPath, leafKey.ExportPkcs8PrivateKeyPem());
        var store = new CertificateStore(certificatePath, keyPath, TimeProvider.System, NullLogger<CertificateStore>.Instance);

        var errors = await HandshakeAsync(store.Current, root, "chat.example.org");

        Assert.Equal(SslPolicyErrors.None, errors);
    }

    private static async Task<SslPolicyErrors> HandshakeAsync(ServerCertificate certificate, X509Certificate2 trustedRoot, string host)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        var serving = Task.Run(async () =>
        {
            using var accepted = await listener.AcceptTcpClientAsync();
            await using var server = new SslStream(accepted.GetStream());
            try
            {
                await server.AuthenticateAsServerAsync(TlsSettings.ServerOptions(certificate, []));
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
            {
                // The client refused the chain: its verdict is what the test reports.
            }
        });

        using var client = new TcpClient();
        await client.ConnectAsync(endpoint);
        var errors = (SslPolicyErrors)(-1);
        await using var tls = new SslStream(client.GetStream());
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { trustedRoot },
                RevocationMode = X509RevocationMode.NoCheck,
                // Only what the server sends may complete the chain, not a download.
                DisableCertificateDownloads = true,
            },
            RemoteCertificateValidationCallback = (_, _, _, policyErrors) =>
            {
                errors = policyErrors;
                return policyErrors == SslPolicyErrors.None;
            },
        };
        try
        {
            await tls.AuthenticateAsClientAsync(options);
        }
        catch (System.Security.Authentication.AuthenticationException)
        {
            // Refused: errors says why.
        }

        await serving;
        return errors;
    }

    private static X509Certificate2 CreateCa(string name, X509Certificate2? issuer)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var notBefore = DateTimeOffset.UtcNow.AddHours(-1);
        var notAfter = DateTimeOffset.UtcNow.AddDays(30);
        if (issuer is null)
        {
            return request.CreateSelfSigned(notBefore, notAfter);
        }

        using var issued = request.Create(issuer, notBefore, notAfter, [5, 6, 7, 8]);
        return issued.CopyWithPrivateKey(key);
    }
}
