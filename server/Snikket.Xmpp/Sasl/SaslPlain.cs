using System.Text;
using System.Text.Unicode;

namespace Snikket.Xmpp.Sasl;

/// <summary>The SASL PLAIN message (RFC 4616 §2): <c>[authzid] NUL authcid NUL passwd</c>.</summary>
public static class SaslPlain
{
    /// <summary>
    /// The longest message accepted, in bytes. RFC 4616 §2 asks servers to accept fields of up
    /// to 255 octets; this leaves room for three fields of 1 KB each.
    /// </summary>
    public const int MaxMessageBytes = 3 * MaxFieldBytes + 2;

    /// <summary>The longest single field accepted, in bytes.</summary>
    public const int MaxFieldBytes = 1024;

    /// <summary>
    /// Splits a PLAIN message. Fails for a message that is too long, is not UTF-8, does not have
    /// exactly two NUL separators, or has an empty authcid or password (both are 1*SAFE in
    /// RFC 4616 §2). An empty authzid becomes null. The strings are not prepared: the caller
    /// prepares the authcid as a JID localpart and the password with <see cref="SaslPrep"/>
    /// (which <see cref="ScramCredential.Verify"/> does).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> message, out string? authzid, out string authcid, out string password)
    {
        authzid = null;
        authcid = string.Empty;
        password = string.Empty;

        if (message.Length > MaxMessageBytes || !Utf8.IsValid(message))
        {
            return false;
        }

        var first = message.IndexOf((byte)0);
        if (first < 0)
        {
            return false;
        }

        var rest = message[(first + 1)..];
        var second = rest.IndexOf((byte)0);
        if (second < 0)
        {
            return false;
        }

        var authzidBytes = message[..first];
        var authcidBytes = rest[..second];
        var passwordBytes = rest[(second + 1)..];

        // A third NUL would be an extra field; RFC 4616 allows exactly three.
        if (passwordBytes.Contains((byte)0)
            || authcidBytes.IsEmpty || passwordBytes.IsEmpty
            || authzidBytes.Length > MaxFieldBytes || authcidBytes.Length > MaxFieldBytes
            || passwordBytes.Length > MaxFieldBytes)
        {
            return false;
        }

        authzid = authzidBytes.IsEmpty ? null : Encoding.UTF8.GetString(authzidBytes);
        authcid = Encoding.UTF8.GetString(authcidBytes);
        password = Encoding.UTF8.GetString(passwordBytes);
        return true;
    }
}
