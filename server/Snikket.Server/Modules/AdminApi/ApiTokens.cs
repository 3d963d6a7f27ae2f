using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Snikket.Server.Modules.AdminApi;

/// <summary>
/// Bearer tokens for the internal API: <c>base64url(username).role.expiry.stamp.mac</c>, where the
/// MAC is HMAC-SHA256 under a key generated into the data directory (so no table is needed and a
/// restart keeps tokens valid). The stamp is derived from the account's current SCRAM key, so a
/// password change invalidates every token issued before it; the role is checked against the
/// account's current role, so a role change does too.
/// </summary>
internal sealed class ApiTokens(byte[] key, TimeProvider time, TimeSpan lifetime)
{
    /// <summary>Name of the key file under the data directory's <c>secrets/</c>.</summary>
    public const string KeyName = "api-token-key";

    public const int KeyLength = 32;

    /// <summary>Longer than any token we issue; anything beyond is rejected unread.</summary>
    public const int MaxTokenLength = 1024;

    private static readonly byte[] MacLabel = "snikket-api-token-v1\n"u8.ToArray();

    public TimeSpan Lifetime => lifetime;

    /// <summary>Issues a token valid for <see cref="Lifetime"/> from now.</summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(string username, string role, byte[] credentialKey)
    {
        var expires = time.GetUtcNow() + lifetime;
        return (Issue(username, role, credentialKey, expires), expires);
    }

    /// <summary>Issues a token with an explicit expiry (tests make expired ones with it).</summary>
    public string Issue(string username, string role, byte[] credentialKey, DateTimeOffset expiresAt)
    {
        var payload = string.Join(
            '.',
            Base64Url(Encoding.UTF8.GetBytes(username)),
            role,
            expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            Stamp(credentialKey));
        return payload + "." + Base64Url(Mac(payload));
    }

    /// <summary>Checks the MAC and the expiry; the caller then checks the stamp and role against the account.</summary>
    public TokenCheck Check(string token)
    {
        if (token.Length > MaxTokenLength)
        {
            return TokenCheck.Invalid;
        }

        var parts = token.Split('.');
        if (parts.Length != 5)
        {
            return TokenCheck.Invalid;
        }

        var payload = token[..token.LastIndexOf('.')];
        var mac = FromBase64Url(parts[4]);
        if (mac is null || !CryptographicOperations.FixedTimeEquals(mac, Mac(payload)))
        {
            return TokenCheck.Invalid;
        }

        var name = FromBase64Url(parts[0]);
        if (name is null || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return TokenCheck.Invalid;
        }

        var username = Encoding.UTF8.GetString(name);
        return time.GetUtcNow().ToUnixTimeSeconds() >= expires
            ? TokenCheck.Expired(username)
            : TokenCheck.Valid(username, parts[1], parts[3]);
    }

    /// <summary>The stamp a token for an account with this credential key carries.</summary>
    public string Stamp(byte[] credentialKey)
    {
        Span<byte> digest = stackalloc byte[32];
        HMACSHA256.HashData(key, [.. "stamp\n"u8, .. credentialKey], digest);
        return Base64Url(digest[..12]);
    }

    private byte[] Mac(string payload) => HMACSHA256.HashData(key, (byte[])[.. MacLabel, .. Encoding.UTF8.GetBytes(payload)]);

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? FromBase64Url(string text)
    {
        if (text.Length == 0 || text.Length > MaxTokenLength)
        {
            return null;
        }

        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => "!" };
        var buffer = new byte[padded.Length];
        return Convert.TryFromBase64String(padded, buffer, out var written) ? buffer[..written] : null;
    }
}
