using System.Security.Cryptography;

namespace Snikket.Xmpp.Sasl;

/// <summary>
/// What the server stores for one account and one SCRAM hash (RFC 5802 §3, §5.1): the salt,
/// iteration count, StoredKey and ServerKey. The password itself is never kept. The server keeps
/// one credential per hash (SHA-1 and SHA-256, each with its own random salt) and verifies PLAIN
/// with <see cref="Verify"/>.
/// </summary>
/// <param name="Hash">The hash function these keys were derived with.</param>
/// <param name="Salt">The PBKDF2 salt (16 random bytes for new credentials).</param>
/// <param name="Iterations">The PBKDF2 iteration count; at least <see cref="MinimumIterations"/>.</param>
/// <param name="StoredKey">H(ClientKey).</param>
/// <param name="ServerKey">HMAC(SaltedPassword, "Server Key").</param>
/// <remarks>Equality compares the byte arrays by content.</remarks>
public sealed record ScramCredential(ScramHash Hash, byte[] Salt, int Iterations, byte[] StoredKey, byte[] ServerKey)
{
    /// <summary>The iteration count for new credentials.</summary>
    public const int DefaultIterations = 10000;

    /// <summary>
    /// The lowest iteration count accepted: RFC 5802 §4 requires at least 4096 ("i" in the
    /// SCRAM-SHA-1 test vector).
    /// </summary>
    public const int MinimumIterations = 4096;

    /// <summary>
    /// The highest iteration count accepted, so that a stored value or a hostile server cannot
    /// make one derivation take minutes.
    /// </summary>
    public const int MaximumIterations = 10_000_000;

    /// <summary>The salt length of new credentials, in bytes.</summary>
    public const int SaltLength = 16;

    /// <summary>The longest salt accepted, in bytes.</summary>
    public const int MaximumSaltLength = 256;

    /// <summary>
    /// Derives the credential for <paramref name="password"/>, prepared first with
    /// <see cref="SaslPrep.Prepare(string)"/> (RFC 5802 §2.2 Normalize, RFC 7677 §4 OpaqueString).
    /// </summary>
    /// <exception cref="ArgumentException">The password is disallowed by the profile, or the salt is empty or too long.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The iteration count is outside the accepted range.</exception>
    public static ScramCredential Derive(ScramHash hash, string password, byte[] salt, int iterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(salt);
        if (salt.Length == 0 || salt.Length > MaximumSaltLength)
        {
            throw new ArgumentException($"The salt must be 1 to {MaximumSaltLength} bytes long.", nameof(salt));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinimumIterations);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaximumIterations);
        _ = hash.OutputLength();

        var prepared = SaslPrep.Prepare(password)
            ?? throw new ArgumentException("The password is empty or holds a character the OpaqueString profile (RFC 8265 §4.2) disallows.", nameof(password));

        var salted = ScramFunctions.SaltedPassword(hash, prepared, salt, iterations);
        try
        {
            var clientKey = ScramFunctions.ClientKey(hash, salted);
            var storedKey = ScramFunctions.StoredKey(hash, clientKey);
            CryptographicOperations.ZeroMemory(clientKey);
            var serverKey = ScramFunctions.ServerKey(hash, salted);
            return new ScramCredential(hash, (byte[])salt.Clone(), iterations, storedKey, serverKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(salted);
        }
    }

    /// <summary>
    /// Creates a credential for a new or changed password with a random
    /// <see cref="SaltLength"/>-byte salt.
    /// </summary>
    /// <exception cref="ArgumentException">The password is disallowed (see <see cref="SaslPrep.Prepare(string)"/>).</exception>
    public static ScramCredential Create(ScramHash hash, string password, int iterations = DefaultIterations)
        => Derive(hash, password, RandomNumberGenerator.GetBytes(SaltLength), iterations);

    /// <summary>
    /// True when <paramref name="password"/> derives this credential's StoredKey (used for SASL
    /// PLAIN). Compares in fixed time; false for a disallowed password or an unusable credential.
    /// </summary>
    public bool Verify(string password)
    {
        if (password is null || !IsWellFormed(out _))
        {
            return false;
        }

        var prepared = SaslPrep.Prepare(password);
        if (prepared is null)
        {
            return false;
        }

        var salted = ScramFunctions.SaltedPassword(Hash, prepared, Salt, Iterations);
        var clientKey = ScramFunctions.ClientKey(Hash, salted);
        var storedKey = ScramFunctions.StoredKey(Hash, clientKey);
        CryptographicOperations.ZeroMemory(salted);
        CryptographicOperations.ZeroMemory(clientKey);
        return CryptographicOperations.FixedTimeEquals(storedKey, StoredKey);
    }

    /// <summary>
    /// Checks the invariants a stored credential must meet before use: a known hash, a salt of
    /// 1–<see cref="MaximumSaltLength"/> bytes, an iteration count within range and keys of the
    /// hash's output length.
    /// </summary>
    /// <param name="problem">What is wrong, when false.</param>
    public bool IsWellFormed(out string? problem)
    {
        problem = null;
        if (!Enum.IsDefined(Hash))
        {
            problem = "unknown hash";
        }
        else if (Salt is null || Salt.Length == 0 || Salt.Length > MaximumSaltLength)
        {
            problem = "salt missing or too long";
        }
        else if (Iterations < MinimumIterations || Iterations > MaximumIterations)
        {
            problem = "iteration count out of range";
        }
        else if (StoredKey is null || StoredKey.Length != Hash.OutputLength()
            || ServerKey is null || ServerKey.Length != Hash.OutputLength())
        {
            problem = "key length does not match the hash";
        }

        return problem is null;
    }

    /// <summary>Content equality (the generated record equality would compare array references).</summary>
    public bool Equals(ScramCredential? other) =>
        other is not null
        && Hash == other.Hash
        && Iterations == other.Iterations
        && Salt.AsSpan().SequenceEqual(other.Salt)
        && StoredKey.AsSpan().SequenceEqual(other.StoredKey)
        && ServerKey.AsSpan().SequenceEqual(other.ServerKey);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hashCode = new HashCode();
        hashCode.Add(Hash);
        hashCode.Add(Iterations);
        hashCode.AddBytes(StoredKey);
        return hashCode.ToHashCode();
    }
}
