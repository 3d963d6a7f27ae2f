using System.Buffers;
using System.Text;

namespace Snikket.Xmpp;

/// <summary>Character classes of XML 1.0 (Fifth Edition) §2.2 and §2.3, and the checks built on them.</summary>
internal static class XmlChars
{
    /// <summary>XML 1.0 §2.2 <c>Char</c>: the code points a document may contain.</summary>
    public static bool IsXmlChar(int cp) =>
        cp >= 0x20 ? cp <= 0xD7FF || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF)
                   : cp == 0x9 || cp == 0xA || cp == 0xD;

    /// <summary>
    /// A character that may start an NCName. ASCII per XML 1.0 §2.3; beyond ASCII we follow the
    /// XML 1.0 Fourth Edition tables that System.Xml uses — a subset of the Fifth Edition's — so
    /// that no name we accept is rejected by a System.Xml-based peer (no parser differential).
    /// </summary>
    public static bool IsNameStartChar(int cp)
    {
        if (cp < 0x80)
        {
            return (uint)((cp | 0x20) - 'a') <= 'z' - 'a' || cp == '_';
        }

        return cp <= 0xFFFF && System.Xml.XmlConvert.IsStartNCNameChar((char)cp);
    }

    /// <summary>A character that may continue an NCName (same tables as <see cref="IsNameStartChar"/>).</summary>
    public static bool IsNameChar(int cp)
    {
        if (cp < 0x80)
        {
            return IsNameStartChar(cp) || (uint)(cp - '0') <= 9 || cp == '-' || cp == '.';
        }

        return cp <= 0xFFFF && System.Xml.XmlConvert.IsNCNameChar((char)cp);
    }

    /// <summary>Whether <paramref name="name"/> is an <c>NCName</c> (a name without a prefix).</summary>
    public static bool IsNcName(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        var span = name.AsSpan();
        for (var i = 0; i < span.Length;)
        {
            // A lone surrogate is InvalidData here, so it is rejected with the rest.
            if (Rune.DecodeFromUtf16(span[i..], out var rune, out var used) != OperationStatus.Done)
            {
                return false;
            }

            if (i == 0 ? !IsNameStartChar(rune.Value) : !IsNameChar(rune.Value))
            {
                return false;
            }

            i += used;
        }

        return true;
    }

    /// <summary>Index of the first UTF-16 unit that is not part of a legal XML character, or -1.</summary>
    public static int IndexOfInvalid(ReadOnlySpan<char> text)
    {
        // Fast path: everything from space up to the surrogates is legal.
        var i = text.IndexOfAnyExceptInRange(' ', '\uD7FF');
        if (i < 0)
        {
            return -1;
        }

        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c < ' ')
            {
                if (c != '\t' && c != '\n' && c != '\r')
                {
                    return i;
                }
            }
            else if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return i;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c) || c == '\uFFFE' || c == '\uFFFF')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="value"/> contains only legal XML characters.</summary>
    public static void ThrowIfInvalidText(string value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        var bad = IndexOfInvalid(value);
        if (bad >= 0)
        {
            throw new ArgumentException(
                $"U+{(int)value[bad]:X4} at index {bad} is not a legal XML character (XML 1.0 §2.2).", paramName);
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="name"/> is an NCName.</summary>
    public static void ThrowIfInvalidName(string name, string paramName)
    {
        ArgumentNullException.ThrowIfNull(name, paramName);
        if (!IsNcName(name))
        {
            throw new ArgumentException($"'{Sanitize(name)}' is not a valid XML name without prefix (NCName).", paramName);
        }
    }

    /// <summary>Replaces characters that XML cannot carry with U+FFFD, for diagnostic text.</summary>
    public static string Sanitize(string value)
    {
        if (IndexOfInvalid(value) < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
            }
            else
            {
                builder.Append(IndexOfInvalid([c]) < 0 ? c : '\uFFFD');
            }
        }

        return builder.ToString();
    }
}
