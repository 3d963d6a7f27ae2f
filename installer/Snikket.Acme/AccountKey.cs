using Snikket.Configuration;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Snikket.Acme;

/// <summary>
/// The ACME account key (RFC 8555 §6.2): an ECDSA P-256 key used with ES256 (RFC 7518 §3.4),
/// kept as a PKCS#8 PEM file readable by its owner only. Its public half is sent as a JWK
/// (RFC 7517 §4, RFC 7518 §6.2) in <c>newAccount</c>; the RFC 7638 thumbprint of that JWK is part
/// of every http-01 key authorization (RFC 8555 §8.1).
/// </summary>
public sealed class AccountKey : IDisposable
{
    private readonly ECDsa _key;

    private AccountKey(ECDsa key)
    {
        _key = key;
        var parameters = key.ExportParameters(includePrivateParameters: false);
        // RFC 7638 §3.2: the required members only, in lexicographic order, no whitespace.
        JwkJson = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + Base64Url.EncodeToString(parameters.Q.X)
            + "\",\"y\":\"" + Base64Url.EncodeToString(parameters.Q.Y) + "\"}";
        Thumbprint = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(JwkJson)));
    }

    /// <summary>The public key as a JWK, in the canonical form of RFC 7638 §3.</summary>
    public string JwkJson { get; }

    /// <summary>The base64url SHA-256 JWK thumbprint (RFC 7638 §3.1).</summary>
    public string Thumbprint { get; }

    /// <summary>A fresh key (not saved).</summary>
    public static AccountKey Create() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>A key from PEM text (PKCS#8 or SEC 1 "EC PRIVATE KEY").</summary>
    /// <exception cref="AcmeException">The text is not a P-256 private key.</exception>
    public static AccountKey FromPem(string pem, string source)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.KeySize != 256)
            {
                throw new CryptographicException($"the key is {key.KeySize} bits, not P-256");
            }
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new AcmeException(
                $"The ACME account key {source} could not be read ({e.Message}). Move the file aside to have a new "
                + "account key made; the certificate authority then sees a new account.");
        }

        return new AccountKey(key);
    }

    /// <summary>
    /// Reads the key at <paramref name="path"/>, or makes one and saves it there (owner-only file
    /// mode, written to a temporary name and renamed so a crash cannot leave half a key).
    /// </summary>
    public static AccountKey LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return FromPem(File.ReadAllText(path), path);
        }

        var created = Create();
        AtomicFile.Write(path, Encoding.ASCII.GetBytes(created._key.ExportPkcs8PrivateKeyPem()), ownerOnly: true);
        return created;
    }

    /// <summary>An ES256 signature: the 64-byte R‖S form JWS requires (RFC 7518 §3.4), not DER.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) =>
        _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>Checks an ES256 signature made by this key (for tests and self-checks).</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        _key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>The http-01 key authorization for <paramref name="token"/> (RFC 8555 §8.1).</summary>
    public string KeyAuthorization(string token) => token + "." + Thumbprint;

    public void Dispose() => _key.Dispose();
}
