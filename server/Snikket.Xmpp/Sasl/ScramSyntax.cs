using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Unicode;

namespace Snikket.Xmpp.Sasl;

/// <summary>The lexical rules of SCRAM messages (RFC 5802 §7), shared by client and server.</summary>
internal static class ScramSyntax
{
    /// <summary>
    /// Decodes a whole SCRAM message: bounded, valid UTF-8, no NUL (no production of RFC 5802
    /// §7 admits NUL). Decoding valid UTF-8 and encoding it again gives the same bytes, so the
    /// AuthMessage can be rebuilt from the string.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> message, int maxBytes, [NotNullWhen(true)] out string? text)
    {
        text = null;
        if (message.IsEmpty || message.Length > maxBytes || message.Contains((byte)0) || !Utf8.IsValid(message))
        {
            return false;
        }

        text = Encoding.UTF8.GetString(message);
        return true;
    }

    /// <summary>
    /// Decodes a saslname (RFC 5802 §7): 1*(value-safe-char / "=2C" / "=3D"). ABNF literals are
    /// case-insensitive (RFC 5234 §2.3), so "=2c" and "=3d" are accepted too.
    /// </summary>
    public static bool TryDecodeSaslName(ReadOnlySpan<char> text, [NotNullWhen(true)] out string? name)
    {
        name = null;
        if (text.IsEmpty)
        {
            return false;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == ',')
            {
                return false;
            }

            if (c != '=')
            {
                builder.Append(c);
                continue;
            }

            if (i + 2 >= text.Length)
            {
                return false;
            }

            var escape = text.Slice(i + 1, 2);
            if (escape.Equals("2C", StringComparison.OrdinalIgnoreCase))
            {
                builder.Append(',');
            }
            else if (escape.Equals("3D", StringComparison.OrdinalIgnoreCase))
            {
                builder.Append('=');
            }
            else
            {
                return false;
            }

            i += 2;
        }

        name = builder.ToString();
        return true;
    }

    /// <summary>Encodes a saslname: "," becomes "=2C" and "=" becomes "=3D" (RFC 5802 §5.1).</summary>
    public static string EncodeSaslName(string name) =>
        name.Replace("=", "=3D", StringComparison.Ordinal).Replace(",", "=2C", StringComparison.Ordinal);

    /// <summary>c-nonce / s-nonce: printable ASCII except "," (RFC 5802 §7 "printable").</summary>
    public static bool IsValidNonce(ReadOnlySpan<char> nonce, int maxLength)
    {
        if (nonce.IsEmpty || nonce.Length > maxLength)
        {
            return false;
        }

        foreach (var c in nonce)
        {
            if (c < 0x21 || c > 0x7E || c == ',')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// attr-val (RFC 5802 §7): ALPHA "=" value. Used to check extensions we skip, so that
    /// garbage is not silently accepted.
    /// </summary>
    public static bool IsAttributeValue(ReadOnlySpan<char> part) =>
        part.Length >= 2 && char.IsAsciiLetter(part[0]) && part[1] == '=';

    /// <summary>
    /// Returns the value of <paramref name="part"/> when it is <c>name=value</c>, else false.
    /// </summary>
    public static bool TryGetValue(ReadOnlySpan<char> part, char name, out ReadOnlySpan<char> value)
    {
        if (part.Length >= 2 && part[0] == name && part[1] == '=')
        {
            value = part[2..];
            return true;
        }

        value = default;
        return false;
    }
}
