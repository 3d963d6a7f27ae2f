using System.Buffers.Text;

namespace Snikket.Xmpp.Sasl;

/// <summary>
/// Base64 as SCRAM's ABNF defines it (RFC 5802 §7: 4-character groups, padding only at the
/// end), without the whitespace tolerance of <see cref="Convert.FromBase64String"/>, and only
/// in its canonical form (zero padding bits), so that one value has one spelling.
/// </summary>
internal static class StrictBase64
{
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length % 4 != 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))
            {
                return false;
            }
        }

        if (!Base64.IsValid(text, out var length))
        {
            return false;
        }

        var buffer = new byte[length];
        if (!Convert.TryFromBase64Chars(text, buffer, out var written) || written != length)
        {
            return false;
        }

        // Canonical only: re-encoding must give the same text (rejects non-zero padding bits).
        if (!Convert.ToBase64String(buffer).AsSpan().SequenceEqual(text))
        {
            return false;
        }

        bytes = buffer;
        return true;
    }
}
