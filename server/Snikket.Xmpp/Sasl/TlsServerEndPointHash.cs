using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Snikket.Xmpp.Sasl;

/// <summary>
/// <c>tls-server-end-point</c> channel-binding data (RFC 5929 §4.1): the hash of the server's
/// DER certificate, using the hash function of the certificate's signature algorithm, except
/// that MD5 and SHA-1 are replaced by SHA-256.
/// </summary>
internal static class TlsServerEndPointHash
{
    private const string RsaPss = "1.2.840.113549.1.1.10";

    public static byte[] Compute(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var raw = certificate.RawData;
        return SignatureHash(certificate, raw) switch
        {
            HashKind.Sha256 => SHA256.HashData(raw),
            HashKind.Sha384 => SHA384.HashData(raw),
            HashKind.Sha512 => SHA512.HashData(raw),
            _ => throw new NotSupportedException(
                $"tls-server-end-point is not defined for the signature algorithm {certificate.SignatureAlgorithm.Value}."),
        };
    }

    private enum HashKind
    {
        Unsupported,
        Sha256,
        Sha384,
        Sha512,
    }

    private static HashKind SignatureHash(X509Certificate2 certificate, byte[] raw) => certificate.SignatureAlgorithm.Value switch
    {
        // MD5 and SHA-1 signatures: RFC 5929 §4.1 says use SHA-256.
        "1.2.840.113549.1.1.4" => HashKind.Sha256, // md5WithRSAEncryption
        "1.2.840.113549.1.1.5" => HashKind.Sha256, // sha1WithRSAEncryption
        "1.2.840.10045.4.1" => HashKind.Sha256, // ecdsa-with-SHA1
        "1.2.840.10040.4.3" => HashKind.Sha256, // dsa-with-sha1

        "1.2.840.113549.1.1.11" => HashKind.Sha256, // sha256WithRSAEncryption
        "1.2.840.113549.1.1.12" => HashKind.Sha384, // sha384WithRSAEncryption
        "1.2.840.113549.1.1.13" => HashKind.Sha512, // sha512WithRSAEncryption
        "1.2.840.10045.4.3.2" => HashKind.Sha256, // ecdsa-with-SHA256
        "1.2.840.10045.4.3.3" => HashKind.Sha384, // ecdsa-with-SHA384
        "1.2.840.10045.4.3.4" => HashKind.Sha512, // ecdsa-with-SHA512
        "2.16.840.1.101.3.4.3.2" => HashKind.Sha256, // dsa-with-sha256

        // RSASSA-PSS carries its hash in the algorithm parameters (RFC 4055 §3.1).
        RsaPss => PssHash(raw),

        // Ed25519, Ed448 and anything unknown: RFC 5929 does not define the hash.
        _ => HashKind.Unsupported,
    };

    /// <summary>
    /// Reads hashAlgorithm from the RSASSA-PSS-params of the certificate's outer
    /// signatureAlgorithm (Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signature }).
    /// </summary>
    private static HashKind PssHash(byte[] raw)
    {
        try
        {
            var certificate = new AsnReader(raw, AsnEncodingRules.DER).ReadSequence();
            certificate.ReadEncodedValue();
            var algorithm = certificate.ReadSequence();
            if (algorithm.ReadObjectIdentifier() != RsaPss)
            {
                return HashKind.Unsupported;
            }

            var parameters = algorithm.ReadSequence();
            var hashTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
            if (!parameters.HasData || !parameters.PeekTag().HasSameClassAndValue(hashTag))
            {
                // hashAlgorithm defaults to SHA-1, which RFC 5929 replaces by SHA-256.
                return HashKind.Sha256;
            }

            var hashAlgorithm = parameters.ReadSequence(hashTag).ReadSequence();
            return hashAlgorithm.ReadObjectIdentifier() switch
            {
                "1.3.14.3.2.26" => HashKind.Sha256, // SHA-1
                "2.16.840.1.101.3.4.2.1" => HashKind.Sha256,
                "2.16.840.1.101.3.4.2.2" => HashKind.Sha384,
                "2.16.840.1.101.3.4.2.3" => HashKind.Sha512,
                _ => HashKind.Unsupported,
            };
        }
        catch (AsnContentException)
        {
            return HashKind.Unsupported;
        }
    }
}
