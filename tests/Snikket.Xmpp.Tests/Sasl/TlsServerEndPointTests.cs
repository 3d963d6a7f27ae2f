using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Snikket.Xmpp.Sasl;

namespace Snikket.Xmpp.Tests.Sasl;

public sealed class TlsServerEndPointTests
{
    private static X509Certificate2 SelfSigned(CertificateRequest request) =>
        request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

    [Fact]
    public void Rsa_sha256_certificate_is_hashed_with_sha256()
    {
        using var key = RSA.Create(2048);
        using var certificate = SelfSigned(new CertificateRequest("CN=example.com", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        var data = ScramServer.TlsServerEndPoint(certificate);

        Assert.Equal(SHA256.HashData(certificate.RawData), data);
    }

    [Fact]
    public void Rsa_sha1_certificate_is_hashed_with_sha256()
    {
        // .NET refuses to sign certificates with SHA-1, so the signature is made by hand.
        using var key = RSA.Create(2048);
        var generator = new Sha1RsaSignatureGenerator(key);
        var request = new CertificateRequest(new X500DistinguishedName("CN=example.com"), generator.PublicKey, HashAlgorithmName.SHA1);
        using var certificate = request.Create(request.SubjectName, generator, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3]);

        var data = ScramServer.TlsServerEndPoint(certificate);

        Assert.Equal("1.2.840.113549.1.1.5", certificate.SignatureAlgorithm.Value);
        Assert.Equal(SHA256.HashData(certificate.RawData), data);
    }

    [Fact]
    public void Rsa_sha512_certificate_is_hashed_with_sha512()
    {
        using var key = RSA.Create(2048);
        using var certificate = SelfSigned(new CertificateRequest("CN=example.com", key, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1));

        Assert.Equal(SHA512.HashData(certificate.RawData), ScramServer.TlsServerEndPoint(certificate));
    }

    [Fact]
    public void Ecdsa_sha384_certificate_is_hashed_with_sha384()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var certificate = SelfSigned(new CertificateRequest("CN=example.com", key, HashAlgorithmName.SHA384));

        Assert.Equal(SHA384.HashData(certificate.RawData), ScramServer.TlsServerEndPoint(certificate));
    }

    [Fact]
    public void Rsa_pss_certificate_is_hashed_with_the_hash_in_its_parameters()
    {
        using var key = RSA.Create(2048);
        using var certificate = SelfSigned(new CertificateRequest("CN=example.com", key, HashAlgorithmName.SHA384, RSASignaturePadding.Pss));

        Assert.Equal("1.2.840.113549.1.1.10", certificate.SignatureAlgorithm.Value);
        Assert.Equal(SHA384.HashData(certificate.RawData), ScramServer.TlsServerEndPoint(certificate));
    }

    [Fact]
    public void Channel_binding_from_a_certificate_completes_a_plus_exchange()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = SelfSigned(new CertificateRequest("CN=example.com", key, HashAlgorithmName.SHA256));
        var binding = ScramServer.TlsServerEndPoint(certificate);
        var server = new ScramServer(ScramHash.Sha256, plus: true, binding, serverOffersPlus: true);
        var client = new ScramClient(ScramHash.Sha256, "juliet", "pencil", channelBinding: binding);

        server.ReceiveClientFirst(client.CreateClientFirst());
        var result = server.VerifyClientFinal(client.CreateClientFinal(server.CreateServerFirst(ScramCredential.Create(ScramHash.Sha256, "pencil", 4096))));

        Assert.True(result.IsSuccess, result.Reason);
    }

    private sealed class Sha1RsaSignatureGenerator(RSA key) : X509SignatureGenerator
    {
        // AlgorithmIdentifier { sha1WithRSAEncryption, NULL }.
        private static readonly byte[] Sha1WithRsa = [0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x05, 0x05, 0x00];

        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm) => Sha1WithRsa;

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) =>
            key.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);

        protected override PublicKey BuildPublicKey() => CreateForRSA(key, RSASignaturePadding.Pkcs1).PublicKey;
    }
}
