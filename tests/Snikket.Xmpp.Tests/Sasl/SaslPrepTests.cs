using Snikket.Xmpp.Sasl;

namespace Snikket.Xmpp.Tests.Sasl;

public sealed class SaslPrepTests
{
    [Theory]
    [InlineData("pencil", "pencil")]
    [InlineData("USER", "USER")]
    [InlineData("correct horse battery staple", "correct horse battery staple")]
    [InlineData("  leading and trailing  ", "  leading and trailing  ")]
    [InlineData("~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./", "~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./")]
    public void Ascii_passwords_are_unchanged(string input, string expected)
    {
        Assert.Equal(expected, SaslPrep.Prepare(input));
    }

    [Theory]
    [InlineData("a\u00A0b")]
    [InlineData("a\u2003b")]
    [InlineData("a\u3000b")]
    [InlineData("a\u202Fb")]
    public void Non_ascii_spaces_become_ascii_space(string input)
    {
        Assert.Equal("a b", SaslPrep.Prepare(input));
    }

    [Fact]
    public void Result_is_nfc()
    {
        Assert.Equal("caf\u00E9", SaslPrep.Prepare("cafe\u0301"));
        Assert.Equal("\uAC00", SaslPrep.Prepare("\u1100\u1161"));
    }

    [Theory]
    [InlineData("\uFF21", "\uFF21")]
    [InlineData("\u00AA", "\u00AA")]
    [InlineData("\u2168", "\u2168")]
    [InlineData("\u0627\u0031", "\u0627\u0031")]
    public void Unlike_rfc_4013_there_is_no_compatibility_mapping_or_bidi_check(string input, string expected)
    {
        // RFC 4013 used NFKC (so "Ａ" → "A", "ª" → "a", "Ⅸ" → "IX") and rejected mixed
        // right-to-left text; OpaqueString (RFC 8265 §4.2) uses NFC and has no directionality rule.
        Assert.Equal(expected, SaslPrep.Prepare(input));
    }

    [Theory]
    [InlineData("♚")]
    [InlineData("I ♥ pencils")]
    [InlineData("\U0001F600")]
    [InlineData("пароль")]
    [InlineData("密码")]
    [InlineData("fußball")]
    public void Letters_symbols_and_emoji_are_allowed(string input)
    {
        Assert.Equal(input, SaslPrep.Prepare(input));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("a\u0000b", "U+0000")]
    [InlineData("a\u0007b", "U+0007")]
    [InlineData("a\u007Fb", "U+007F")]
    [InlineData("a\u0085b", "U+0085")]
    [InlineData("I\u00ADX", "U+00AD")]
    [InlineData("a\u200Bb", "U+200B")]
    [InlineData("a\u200Db", "U+200D")]
    [InlineData("a\u2028b", "U+2028")]
    [InlineData("a\uFEFFb", "U+FEFF")]
    [InlineData("a\uE000b", "U+E000")]
    [InlineData("a\u0378b", "U+0378")]
    [InlineData("a\uFFFFb", "U+FFFF")]
    [InlineData("a\uFDD0b", "U+FDD0")]
    [InlineData("\u2764\uFE0F", "U+FE0F")]
    [InlineData("a\u1100b", "U+1100")]
    public void Disallowed_code_points_are_rejected_with_a_reason(string input, string reason)
    {
        var result = SaslPrep.Prepare(input, out var error);

        Assert.Null(result);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Lone_surrogate_is_rejected()
    {
        var input = "a" + '\uD800' + "b";

        Assert.Null(SaslPrep.Prepare(input));
    }

    [Fact]
    public void Only_spaces_is_allowed_because_the_result_is_not_empty()
    {
        Assert.Equal("   ", SaslPrep.Prepare("\u00A0 \u3000"));
    }
}
