using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Snikket.Xmpp.Sasl;

namespace Snikket.Bench;

/// <summary>
/// The keys a SCRAM client derives from the password with PBKDF2, cached per (hash, username,
/// salt, iteration count) as real clients cache them: the server's cost of a login is what is
/// measured, and 10,000 PBKDF2 iterations per login would make the load generator the bottleneck.
/// </summary>
internal sealed class ScramKeyCache
{
    private readonly ConcurrentDictionary<(ScramHash Hash, string Username, string Salt, int Iterations), Lazy<ScramKeys>> _keys = new();
    private long _derivations;

    /// <summary>How many PBKDF2 derivations were run (cache misses).</summary>
    public long Derivations => Interlocked.Read(ref _derivations);

    public ScramKeys Get(ScramHash hash, string username, string preparedPassword, string saltBase64, byte[] salt, int iterations) =>
        _keys.GetOrAdd(
            (hash, username, saltBase64, iterations),
            _ => new Lazy<ScramKeys>(() =>
            {
                Interlocked.Increment(ref _derivations);
                return ScramKeys.Derive(hash, preparedPassword, salt, iterations);
            })).Value;
}

/// <summary>ClientKey, StoredKey and ServerKey for one password, salt and iteration count (RFC 5802 §3).</summary>
internal sealed record ScramKeys(byte[] ClientKey, byte[] StoredKey, byte[] ServerKey)
{
    public static ScramKeys Derive(ScramHash hash, string preparedPassword, byte[] salt, int iterations)
    {
        var passwordBytes = Encoding.UTF8.GetBytes(preparedPassword);
        var salted = Rfc2898DeriveBytes.Pbkdf2(passwordBytes, salt, iterations, hash.HashAlgorithmName(), hash.OutputLength());
        var clientKey = ScramCrypto.Hmac(hash, salted, "Client Key"u8);
        var serverKey = ScramCrypto.Hmac(hash, salted, "Server Key"u8);
        CryptographicOperations.ZeroMemory(salted);
        return new ScramKeys(clientKey, ScramCrypto.Hash(hash, clientKey), serverKey);
    }
}

/// <summary>
/// The client side of one SCRAM-SHA-1 / SCRAM-SHA-256 exchange without channel binding, like
/// <see cref="ScramClient"/> but taking its keys from a <see cref="ScramKeyCache"/>.
/// (<see cref="ScramClient"/> always runs PBKDF2, and the library's ScramFunctions are internal.)
/// </summary>
internal sealed class CachedScramClient
{
    private const string Gs2Header = "n,,";

    private readonly ScramHash _hash;
    private readonly string _username;
    private readonly string _preparedPassword;
    private readonly ScramKeyCache _cache;
    private readonly string _clientNonce;
    private readonly string _clientFirstBare;
    private byte[]? _expectedServerSignature;

    public CachedScramClient(ScramHash hash, string username, string preparedPassword, ScramKeyCache cache)
    {
        _hash = hash;
        _username = username;
        _preparedPassword = preparedPassword;
        _cache = cache;
        _clientNonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        var encodedName = username.Replace("=", "=3D", StringComparison.Ordinal).Replace(",", "=2C", StringComparison.Ordinal);
        _clientFirstBare = "n=" + encodedName + ",r=" + _clientNonce;
    }

    public string MechanismName => _hash.MechanismName();

    public byte[] CreateClientFirst() => Encoding.UTF8.GetBytes(Gs2Header + _clientFirstBare);

    /// <exception cref="FormatException">The server-first-message is malformed or does not extend our nonce.</exception>
    public byte[] CreateClientFinal(ReadOnlySpan<byte> serverFirstBytes)
    {
        var serverFirst = Encoding.UTF8.GetString(serverFirstBytes);
        string? nonce = null;
        string? saltText = null;
        var iterations = 0;
        foreach (var part in serverFirst.Split(','))
        {
            if (part.StartsWith("r=", StringComparison.Ordinal))
            {
                nonce = part[2..];
            }
            else if (part.StartsWith("s=", StringComparison.Ordinal))
            {
                saltText = part[2..];
            }
            else if (part.StartsWith("i=", StringComparison.Ordinal))
            {
                _ = int.TryParse(part.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out iterations);
            }
            else if (part.StartsWith("m=", StringComparison.Ordinal))
            {
                throw new FormatException("The server-first-message has a mandatory extension.");
            }
        }

        if (nonce is null || saltText is null || iterations < ScramCredential.MinimumIterations || iterations > ScramCredential.MaximumIterations)
        {
            throw new FormatException($"Malformed server-first-message '{serverFirst}'.");
        }

        if (!nonce.StartsWith(_clientNonce, StringComparison.Ordinal) || nonce.Length == _clientNonce.Length)
        {
            throw new FormatException("The server nonce does not extend the client nonce.");
        }

        var salt = Convert.FromBase64String(saltText);
        var keys = _cache.Get(_hash, _username, _preparedPassword, saltText, salt, iterations);

        // c=biws is base64("n,,").
        var withoutProof = "c=biws,r=" + nonce;
        var authMessage = Encoding.UTF8.GetBytes(_clientFirstBare + "," + serverFirst + "," + withoutProof);
        var clientSignature = ScramCrypto.Hmac(_hash, keys.StoredKey, authMessage);
        var proof = new byte[clientSignature.Length];
        for (var i = 0; i < proof.Length; i++)
        {
            proof[i] = (byte)(keys.ClientKey[i] ^ clientSignature[i]);
        }

        _expectedServerSignature = ScramCrypto.Hmac(_hash, keys.ServerKey, authMessage);
        return Encoding.UTF8.GetBytes(withoutProof + ",p=" + Convert.ToBase64String(proof));
    }

    /// <summary>True for <c>v=</c> carrying the expected ServerSignature.</summary>
    public bool VerifyServerFinal(ReadOnlySpan<byte> serverFinalBytes)
    {
        if (_expectedServerSignature is null)
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(serverFinalBytes).Split(',')[0];
        if (!text.StartsWith("v=", StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            return CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(text[2..]), _expectedServerSignature);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>H and HMAC for the SCRAM hashes.</summary>
internal static class ScramCrypto
{
    [SuppressMessage("Security", "CA5350:Do not use weak cryptographic algorithms", Justification = "SCRAM-SHA-1 is defined on SHA-1 (RFC 5802), and Prosody 0.12 offers only it.")]
    public static byte[] Hash(ScramHash hash, ReadOnlySpan<byte> data) =>
        hash == ScramHash.Sha1 ? SHA1.HashData(data) : SHA256.HashData(data);

    [SuppressMessage("Security", "CA5350:Do not use weak cryptographic algorithms", Justification = "SCRAM-SHA-1 is defined on HMAC-SHA-1 (RFC 5802), and Prosody 0.12 offers only it.")]
    public static byte[] Hmac(ScramHash hash, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) =>
        hash == ScramHash.Sha1 ? HMACSHA1.HashData(key, data) : HMACSHA256.HashData(key, data);
}
