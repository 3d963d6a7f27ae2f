using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Snikket.Server.Modules.Invites;

/// <summary>
/// Invite tokens: 192 random bits from the OS CSPRNG, base64url without padding (32 characters;
/// Prosody uses 144 bits). Only the SHA-256 of a token is stored, so a copy of the database does not
/// let anyone use the invites in it; lookups are by hash, and the found hash is compared again in
/// constant time.
/// </summary>
internal static class InviteToken
{
    public const int Bytes = 24;

    /// <summary>Longest token accepted from outside: ours are 32 characters, the rest is slack for other formats.</summary>
    public const int MaxLength = 64;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(Bytes));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>Cheap check before any database work: non-empty, bounded, base64url characters only.</summary>
    public static bool IsWellFormed(string? token) =>
        !string.IsNullOrEmpty(token)
        && token.Length <= MaxLength
        && token.All(c => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');

    public static bool HashesEqual(byte[] a, byte[] b) => CryptographicOperations.FixedTimeEquals(a, b);
}
