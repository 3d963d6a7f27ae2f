using System.Globalization;
using System.Text;

namespace Snikket.Xmpp.Precis;

/// <summary>
/// The two PRECIS profiles XMPP needs (RFC 8264 framework, RFC 8265 profiles):
/// <c>UsernameCaseMapped</c> for JID localparts (RFC 7622 §3.3) and <c>OpaqueString</c> for
/// resourceparts (RFC 7622 §3.4) and SCRAM/PLAIN passwords (RFC 7677 §4, RFC 8265 §4).
/// </summary>
/// <remarks>
/// .NET ships no PRECIS derived-property tables, so the string classes are computed from the
/// Unicode general category of each code point as the runtime's ICU reports it, plus the small
/// hand-written tables below. Where that differs from RFC 8264 §8 the code says so
/// ("approximation"). The differences only ever concern rare code points; every example of
/// RFC 7622 §3.5 is handled as the RFC says.
/// </remarks>
internal static class PrecisProfiles
{
    /// <summary>
    /// RFC 8265 §3.3 UsernameCaseMapped enforcement: width mapping, case mapping
    /// (toLowerCase), NFC, then the IdentifierClass check. Returns null if the result is
    /// empty or holds a disallowed code point; <paramref name="error"/> says which.
    /// </summary>
    public static string? UsernameCaseMapped(string input, out string? error)
    {
        // RFC 8264 §7 fixes the order: width mapping, additional mapping (none for this
        // profile), case mapping, normalization, directionality, then the class check.
        var mapped = MapWidth(input);

        // RFC 8265 §3.3, case-mapping rule: Unicode toLowerCase(). ToLowerInvariant is the
        // culture-free simple lowercase mapping; it keeps "ß" (full case folding would turn it
        // into "ss", which RFC 8265 deliberately stopped doing) and maps "Σ" to "σ".
        mapped = mapped.ToLowerInvariant();

        if (!TryNormalizeNfc(mapped, out var normalized))
        {
            error = "contains an unpaired surrogate";
            return null;
        }

        // Approximation: the Bidi Rule (RFC 5893) is not checked; .NET exposes no Bidi_Class.
        if (normalized.Length == 0)
        {
            error = "is empty";
            return null;
        }

        foreach (var rune in normalized.EnumerateRunes())
        {
            if (!IsIdentifierClass(rune))
            {
                error = $"contains the disallowed character U+{rune.Value:X4}";
                return null;
            }
        }

        error = null;
        return normalized;
    }

    /// <summary>
    /// RFC 8265 §4.2 OpaqueString enforcement: non-ASCII spaces mapped to U+0020, NFC, then the
    /// FreeformClass check. Returns null if the result is empty or holds a disallowed code point.
    /// </summary>
    public static string? OpaqueString(string input, out string? error)
    {
        // RFC 8265 §4.2, additional mapping rule: non-ASCII spaces map to SPACE. Non-ASCII
        // space means general category Zs (RFC 8264 §9.14) other than U+0020 itself.
        if (!IsWellFormed(input))
        {
            error = "contains an unpaired surrogate";
            return null;
        }

        var builder = new StringBuilder(input.Length);
        foreach (var rune in input.EnumerateRunes())
        {
            if (rune.Value != 0x20 && Rune.GetUnicodeCategory(rune) == UnicodeCategory.SpaceSeparator)
            {
                builder.Append(' ');
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }

        // RFC 8265 §4.2: no width mapping and no case mapping for OpaqueString.
        if (!TryNormalizeNfc(builder.ToString(), out var normalized))
        {
            error = "contains an unpaired surrogate";
            return null;
        }

        if (normalized.Length == 0)
        {
            error = "is empty";
            return null;
        }

        foreach (var rune in normalized.EnumerateRunes())
        {
            if (!IsFreeformClass(rune))
            {
                error = $"contains the disallowed character U+{rune.Value:X4}";
                return null;
            }
        }

        error = null;
        return normalized;
    }

    /// <summary>
    /// RFC 8265 §3.3, width-mapping rule: fullwidth and halfwidth code points map to their
    /// decomposition mappings. The code points with a &lt;wide&gt; or &lt;narrow&gt; decomposition are exactly
    /// U+3000 and those of the Halfwidth and Fullwidth Forms block (U+FF00–U+FFEF), whose
    /// compatibility decomposition (NFKD of the single code point) is that mapping.
    /// </summary>
    internal static string MapWidth(string input)
    {
        if (!NeedsWidthMapping(input))
        {
            return input;
        }

        var builder = new StringBuilder(input.Length);
        foreach (var c in input)
        {
            if (c == '\u3000' || (c >= '\uFF00' && c <= '\uFFEF'))
            {
                // These are BMP code points and never surrogates, so char-wise is safe.
                builder.Append(c.ToString().Normalize(NormalizationForm.FormKD));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool NeedsWidthMapping(string input)
    {
        foreach (var c in input)
        {
            if (c == '\u3000' || (c >= '\uFF00' && c <= '\uFFEF'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// IdentifierClass (RFC 8264 §4.2): LetterDigits and ASCII7 are valid; spaces, symbols,
    /// punctuation, compatibility characters, other letters/digits, controls, ignorables,
    /// old Hangul jamo and unassigned code points are not.
    /// </summary>
    internal static bool IsIdentifierClass(Rune rune)
    {
        var value = rune.Value;

        // RFC 8264 §9.11 ASCII7: U+0021–U+007E, valid regardless of category.
        if (value >= 0x21 && value <= 0x7E)
        {
            return true;
        }

        if (!PassesCommonRules(rune, out var exception))
        {
            return false;
        }

        if (exception is not null)
        {
            return exception.Value;
        }

        // RFC 8264 §9.17 HasCompat: a code point whose NFKC form differs from itself is
        // disallowed in IdentifierClass (fullwidth forms were mapped away before this check).
        var text = rune.ToString();
        if (!string.Equals(text.Normalize(NormalizationForm.FormKC), text, StringComparison.Ordinal))
        {
            return false;
        }

        // RFC 8264 §9.1 LetterDigits: Ll Lu Lo Nd Lm Mn Mc. Lt, Nl, No and Me are
        // "OtherLetterDigits" (§9.18) and allowed only in FreeformClass.
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.LowercaseLetter => true,
            UnicodeCategory.UppercaseLetter => true,
            UnicodeCategory.OtherLetter => true,
            UnicodeCategory.DecimalDigitNumber => true,
            UnicodeCategory.ModifierLetter => true,
            UnicodeCategory.NonSpacingMark => true,
            UnicodeCategory.SpacingCombiningMark => true,
            _ => false,
        };
    }

    /// <summary>
    /// FreeformClass (RFC 8264 §4.3): letters and digits of every kind, ASCII7, spaces,
    /// symbols, punctuation and compatibility characters are valid; controls, format
    /// characters, ignorables, old Hangul jamo, private use, surrogates and unassigned code
    /// points are not.
    /// </summary>
    internal static bool IsFreeformClass(Rune rune)
    {
        var value = rune.Value;
        if (value >= 0x20 && value <= 0x7E)
        {
            return true;
        }

        if (!PassesCommonRules(rune, out var exception))
        {
            return false;
        }

        if (exception is not null)
        {
            return exception.Value;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            // LetterDigits (§9.1) and OtherLetterDigits (§9.18).
            UnicodeCategory.LowercaseLetter or UnicodeCategory.UppercaseLetter
                or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter
                or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark
                or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber
                or UnicodeCategory.OtherNumber => true,

            // Spaces (§9.14): only Zs; line and paragraph separators (Zl, Zp) are not listed.
            UnicodeCategory.SpaceSeparator => true,

            // Symbols (§9.15) and Punctuation (§9.16).
            UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol
                or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherSymbol => true,
            UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
                or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
                or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
                or UnicodeCategory.OtherPunctuation => true,

            // Cc, Cf, Cs, Co, Cn, Zl, Zp.
            _ => false,
        };
    }

    /// <summary>
    /// The rules both classes share: the RFC 5892 §2.6 exceptions, then the DISALLOWED groups
    /// Controls, Ignorable, OldHangulJamo and Unassigned.
    /// </summary>
    /// <param name="rune">The code point (never ASCII7; callers handle that first).</param>
    /// <param name="exception">Set when an exception decides the result outright.</param>
    /// <returns>False when the code point is disallowed by one of the shared rules.</returns>
    private static bool PassesCommonRules(Rune rune, out bool? exception)
    {
        var value = rune.Value;
        exception = null;

        // RFC 5892 §2.6 Exceptions (PRECIS §9.6 reuses them).
        switch (value)
        {
            // PVALID.
            case 0x00DF or 0x03C2 or 0x06FD or 0x06FE or 0x0F0B or 0x3007:
                exception = true;
                return true;

            // DISALLOWED.
            case 0x0640 or 0x07FA or 0x302E or 0x302F or (>= 0x3031 and <= 0x3035) or 0x303B:
                exception = false;
                return true;

            // CONTEXTO (middle dot, Greek keraia, Hebrew geresh/gershayim, katakana middle dot):
            // approximation — their context rules (RFC 5892 Appendix A) are not evaluated, so
            // they are rejected. The CONTEXTO Arabic-Indic digits fall through to Nd and are
            // allowed without the "no mixing" rule.
            case 0x00B7 or 0x0375 or 0x05F3 or 0x05F4 or 0x30FB:
                exception = false;
                return true;

            // CONTEXTJ (ZWNJ, ZWJ): approximation — only valid after a virama; rejected here.
            case 0x200C or 0x200D:
                exception = false;
                return true;
        }

        // §9.12 Controls.
        var category = Rune.GetUnicodeCategory(rune);
        if (category is UnicodeCategory.Control or UnicodeCategory.Surrogate
            or UnicodeCategory.OtherNotAssigned)
        {
            // Approximation for §9.13 Unassigned: "unassigned" is judged by the runtime's Unicode
            // version rather than the one the PRECIS tables were derived for. Noncharacters
            // (U+FDD0–U+FDEF, U+xFFFE/U+xFFFF) are Cn, so they are rejected here too.
            return false;
        }

        // §9.13 Ignorable: Default_Ignorable_Code_Point. Most of them are Cf (rejected by both
        // classes' category rules); these are the ones with another category.
        if (value is 0x034F or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or (>= 0x180B and <= 0x180F)
            or 0x3164 or (>= 0xFE00 and <= 0xFE0F) or 0xFFA0 or (>= 0xE0100 and <= 0xE01EF))
        {
            return false;
        }

        // §9.9 OldHangulJamo: Hangul_Syllable_Type L, V or T. After NFC, modern jamo sequences
        // have composed into syllables, so any conjoining jamo left over is rejected.
        if (value is (>= 0x1100 and <= 0x11FF) or (>= 0xA960 and <= 0xA97F) or (>= 0xD7B0 and <= 0xD7FF))
        {
            return false;
        }

        return true;
    }

    private static bool TryNormalizeNfc(string input, out string normalized)
    {
        try
        {
            normalized = input.IsNormalized(NormalizationForm.FormC)
                ? input
                : input.Normalize(NormalizationForm.FormC);
            return true;
        }
        catch (ArgumentException)
        {
            // string.Normalize throws on ill-formed UTF-16 (unpaired surrogates).
            normalized = string.Empty;
            return false;
        }
    }

    /// <summary>True when the string has no unpaired surrogate (EnumerateRunes would silently
    /// turn one into U+FFFD).</summary>
    internal static bool IsWellFormed(string input)
    {
        var span = input.AsSpan();
        while (!span.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(span, out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }

            span = span[consumed..];
        }

        return true;
    }
}
