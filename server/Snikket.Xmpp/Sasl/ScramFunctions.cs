using System.Security.Cryptography;
using System.Text;

namespace Snikket.Xmpp.Sasl;

/// <summary>The SCRAM key derivations of RFC 5802 §3, shared by client, server and credentials.</summary>
internal static class ScramFunctions
{
    private static ReadOnlySpan<byte> ClientKeyLabel => "Client Key"u8;

    private static ReadOnlySpan<byte> ServerKeyLabel => "Server Key"u8;

    /// <summary>SaltedPassword := Hi(Normalize(password), salt, i), Hi being PBKDF2 with HMAC-H.</summary>
    /// <param name="hash">The mechanism's hash.</param>
    /// <param name="preparedPassword">The password after <see cref="SaslPrep.Prepare(string)"/>.</param>
    /// <param name="salt">The salt.</param>
    /// <param name="iterations">The iteration count i.</param>
    public static byte[] SaltedPassword(ScramHash hash, string preparedPassword, ReadOnlySpan<byte> salt, int iterations)
    {
        var passwordBytes = Encoding.UTF8.GetBytes(preparedPassword);
        try
        {
            return Rfc2898DeriveBytes.Pbkdf2(passwordBytes, salt, iterations, hash.HashAlgorithmName(), hash.OutputLength());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
        }
    }

    /// <summary>ClientKey := HMAC(SaltedPassword, "Client Key").</summary>
    public static byte[] ClientKey(ScramHash hash, ReadOnlySpan<byte> saltedPassword) => hash.Hmac(saltedPassword, ClientKeyLabel);

    /// <summary>ServerKey := HMAC(SaltedPassword, "Server Key").</summary>
    public static byte[] ServerKey(ScramHash hash, ReadOnlySpan<byte> saltedPassword) => hash.Hmac(saltedPassword, ServerKeyLabel);

    /// <summary>StoredKey := H(ClientKey).</summary>
    public static byte[] StoredKey(ScramHash hash, ReadOnlySpan<byte> clientKey) => hash.Hash(clientKey);

    /// <summary>XOR of two equal-length byte strings (ClientProof := ClientKey XOR ClientSignature).</summary>
    public static byte[] Xor(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var result = new byte[left.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (byte)(left[i] ^ right[i]);
        }

        return result;
    }
}
