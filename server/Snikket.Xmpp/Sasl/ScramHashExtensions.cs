using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Snikket.Xmpp.Sasl;

/// <summary>Names and parameters of each <see cref="ScramHash"/>.</summary>
public static class ScramHashExtensions
{
    /// <summary>
    /// The SASL mechanism name: <c>SCRAM-SHA-1</c>, <c>SCRAM-SHA-256</c>, or with
    /// <paramref name="plus"/> the channel-binding variant ending in <c>-PLUS</c> (RFC 5802 §4).
    /// </summary>
    public static string MechanismName(this ScramHash hash, bool plus = false) => (hash, plus) switch
    {
        (ScramHash.Sha1, false) => "SCRAM-SHA-1",
        (ScramHash.Sha1, true) => "SCRAM-SHA-1-PLUS",
        (ScramHash.Sha256, false) => "SCRAM-SHA-256",
        (ScramHash.Sha256, true) => "SCRAM-SHA-256-PLUS",
        _ => throw new ArgumentOutOfRangeException(nameof(hash), hash, "Unknown SCRAM hash."),
    };

    /// <summary>The hash algorithm used for H, HMAC and PBKDF2 (RFC 5802 §2.2).</summary>
    public static HashAlgorithmName HashAlgorithmName(this ScramHash hash) => hash switch
    {
        ScramHash.Sha1 => System.Security.Cryptography.HashAlgorithmName.SHA1,
        ScramHash.Sha256 => System.Security.Cryptography.HashAlgorithmName.SHA256,
        _ => throw new ArgumentOutOfRangeException(nameof(hash), hash, "Unknown SCRAM hash."),
    };

    /// <summary>The output length of the hash in bytes (20 for SHA-1, 32 for SHA-256).</summary>
    public static int OutputLength(this ScramHash hash) => hash switch
    {
        ScramHash.Sha1 => SHA1.HashSizeInBytes,
        ScramHash.Sha256 => SHA256.HashSizeInBytes,
        _ => throw new ArgumentOutOfRangeException(nameof(hash), hash, "Unknown SCRAM hash."),
    };

    /// <summary>
    /// Parses a SASL mechanism name (exact, upper case as registered) into its hash and
    /// whether it is the <c>-PLUS</c> variant. Returns false for any other mechanism.
    /// </summary>
    public static bool TryParseMechanism(string? mechanism, out ScramHash hash, out bool plus)
    {
        switch (mechanism)
        {
            case "SCRAM-SHA-1":
                (hash, plus) = (ScramHash.Sha1, false);
                return true;
            case "SCRAM-SHA-1-PLUS":
                (hash, plus) = (ScramHash.Sha1, true);
                return true;
            case "SCRAM-SHA-256":
                (hash, plus) = (ScramHash.Sha256, false);
                return true;
            case "SCRAM-SHA-256-PLUS":
                (hash, plus) = (ScramHash.Sha256, true);
                return true;
            default:
                (hash, plus) = (default, false);
                return false;
        }
    }

    [SuppressMessage("Security", "CA5350:Do not use weak cryptographic algorithms", Justification = "SCRAM-SHA-1 is defined on SHA-1 (RFC 5802); clients still need it.")]
    internal static byte[] Hash(this ScramHash hash, ReadOnlySpan<byte> data) => hash switch
    {
        ScramHash.Sha1 => SHA1.HashData(data),
        ScramHash.Sha256 => SHA256.HashData(data),
        _ => throw new ArgumentOutOfRangeException(nameof(hash), hash, "Unknown SCRAM hash."),
    };

    [SuppressMessage("Security", "CA5350:Do not use weak cryptographic algorithms", Justification = "SCRAM-SHA-1 is defined on HMAC-SHA-1 (RFC 5802); clients still need it.")]
    internal static byte[] Hmac(this ScramHash hash, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => hash switch
    {
        ScramHash.Sha1 => HMACSHA1.HashData(key, data),
        ScramHash.Sha256 => HMACSHA256.HashData(key, data),
        _ => throw new ArgumentOutOfRangeException(nameof(hash), hash, "Unknown SCRAM hash."),
    };
}
