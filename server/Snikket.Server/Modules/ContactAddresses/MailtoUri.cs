using System.Text;

namespace Snikket.Server.Modules.ContactAddresses;

/// <summary>
/// Turns an email address into a <c>mailto:</c> URI (RFC 6068 §2): characters outside the
/// unreserved set and the "some-delims" that RFC 6068 allows in an address are percent-encoded
/// as UTF-8, so an address such as <c>ops%team@example.com</c> stays one address.
/// </summary>
internal static class MailtoUri
{
    // RFC 3986 unreserved plus RFC 6068 some-delims (which include '@').
    private const string Allowed = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$'()*+,;:@";

    public static string From(string email)
    {
        var uri = new StringBuilder("mailto:", email.Length + 16);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in email.EnumerateRunes())
        {
            if (rune.IsAscii && Allowed.Contains((char)rune.Value, StringComparison.Ordinal))
            {
                uri.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                uri.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return uri.ToString();
    }
}
