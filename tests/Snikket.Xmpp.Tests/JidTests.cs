namespace Snikket.Xmpp.Tests;

public sealed class JidTests
{
    [Theory]
    [InlineData("juliet@example.com", "juliet", "example.com", null)]
    [InlineData("juliet@example.com/foo", "juliet", "example.com", "foo")]
    [InlineData("juliet@example.com/foo bar", "juliet", "example.com", "foo bar")]
    [InlineData("juliet@example.com/foo@bar", "juliet", "example.com", "foo@bar")]
    [InlineData("foo\\20bar@example.com", "foo\\20bar", "example.com", null)]
    [InlineData("fußball@example.com", "fußball", "example.com", null)]
    [InlineData("π@example.com", "π", "example.com", null)]
    [InlineData("Σ@example.com", "σ", "example.com", null)]
    [InlineData("σ@example.com", "σ", "example.com", null)]
    [InlineData("ς@example.com", "ς", "example.com", null)]
    [InlineData("king@example.com/♚", "king", "example.com", "♚")]
    [InlineData("example.com", null, "example.com", null)]
    [InlineData("example.com/foobar", null, "example.com", "foobar")]
    [InlineData("a.example.com/b@example.net", null, "a.example.com", "b@example.net")]
    [InlineData("juliet@example.com/ foo", "juliet", "example.com", " foo")]
    public void Rfc_7622_valid_examples_parse_into_their_parts(string input, string? local, string domain, string? resource)
    {
        var jid = Jid.Parse(input);

        Assert.Equal(local, jid.Local);
        Assert.Equal(domain, jid.Domain);
        Assert.Equal(resource, jid.Resource);
    }

    [Theory]
    [InlineData("\"juliet\"@example.com")]
    [InlineData("foo bar@example.com")]
    [InlineData("henry\u2163@example.com")]
    [InlineData("♚@example.com")]
    [InlineData("juliet@")]
    [InlineData("/foobar")]
    [InlineData("@example.com")]
    [InlineData("user@example.com/")]
    [InlineData("")]
    [InlineData("@")]
    [InlineData("/")]
    public void Rfc_7622_invalid_examples_are_rejected(string input)
    {
        var ok = Jid.TryParse(input, out var jid, out var error);

        Assert.False(ok);
        Assert.Null(jid);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Roman_numeral_four_is_rejected_because_it_is_not_a_letter_or_digit_class()
    {
        // U+2163 ROMAN NUMERAL FOUR is category Nl ("OtherLetterDigits", RFC 8264 §9.18) and has
        // a compatibility decomposition ("IV"), so IdentifierClass disallows it twice over. The
        // case-mapping step runs first and lowercases it to U+2173 SMALL ROMAN NUMERAL FOUR (also
        // Nl), which is the code point the error names.
        var error = Assert.Throws<FormatException>(() => Jid.Parse("henry\u2163@example.com"));

        Assert.Contains("U+2173", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_failure_message_names_the_part_and_the_reason()
    {
        var error = Assert.Throws<FormatException>(() => Jid.Parse("\"juliet\"@example.com"));

        Assert.Contains("localpart", error.Message, StringComparison.Ordinal);
        Assert.Contains("'\"'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("&")]
    [InlineData("'")]
    [InlineData(":")]
    [InlineData("<")]
    [InlineData(">")]
    public void Localpart_excluded_characters_are_rejected(string character)
    {
        var ok = Jid.TryCreate("a" + character + "b", "example.com", null, out _, out _);

        Assert.False(ok);
    }

    [Fact]
    public void Localpart_and_domainpart_are_case_folded()
    {
        var jid = Jid.Parse("JuLiEt@ExAmPlE.CoM");

        Assert.Equal("juliet@example.com", jid.ToString());
        Assert.Equal(Jid.Parse("juliet@example.com"), jid);
    }

    [Fact]
    public void Resourcepart_case_is_preserved()
    {
        var jid = Jid.Parse("juliet@example.com/Balcony");

        Assert.Equal("Balcony", jid.Resource);
        Assert.NotEqual(Jid.Parse("juliet@example.com/balcony"), jid);
    }

    [Fact]
    public void Fullwidth_localpart_is_mapped_to_halfwidth()
    {
        var jid = Jid.Parse("\uFF2A\uFF55\uFF4C\uFF49\uFF45\uFF54@example.com");

        Assert.Equal("juliet", jid.Local);
    }

    [Fact]
    public void Fullwidth_domainpart_is_mapped_to_halfwidth()
    {
        var jid = Jid.Parse("juliet@\uFF45\uFF58\uFF41\uFF4D\uFF50\uFF4C\uFF45.com");

        Assert.Equal("example.com", jid.Domain);
    }

    [Fact]
    public void Fullwidth_space_in_a_resource_becomes_an_ascii_space()
    {
        var jid = Jid.Parse("juliet@example.com/foo\u3000bar");

        Assert.Equal("foo bar", jid.Resource);
    }

    [Fact]
    public void Non_ascii_space_in_a_resource_becomes_an_ascii_space()
    {
        var jid = Jid.Parse("juliet@example.com/foo\u00A0bar");

        Assert.Equal("foo bar", jid.Resource);
    }

    [Fact]
    public void Localpart_is_normalized_to_nfc()
    {
        var decomposed = Jid.Parse("cafe\u0301@example.com");

        Assert.Equal("caf\u00E9", decomposed.Local);
        Assert.Equal(Jid.Parse("caf\u00E9@example.com"), decomposed);
    }

    [Fact]
    public void Resourcepart_is_normalized_to_nfc()
    {
        var jid = Jid.Parse("juliet@example.com/cafe\u0301");

        Assert.Equal("caf\u00E9", jid.Resource);
    }

    [Fact]
    public void Trailing_dot_of_the_domain_is_removed()
    {
        var jid = Jid.Parse("juliet@example.com./balcony");

        Assert.Equal("example.com", jid.Domain);
        Assert.Equal(Jid.Parse("juliet@example.com/balcony"), jid);
    }

    [Theory]
    [InlineData("juliet@example..com")]
    [InlineData("juliet@.example.com")]
    [InlineData("juliet@example.com..")]
    [InlineData("juliet@.")]
    [InlineData("juliet@exa mple.com")]
    [InlineData("juliet@exa_mple.com")]
    [InlineData("juliet@example.com:5222")]
    [InlineData("juliet@-example.com")]
    [InlineData("juliet@1.2.3.04")]
    [InlineData("juliet@256.1.1.1")]
    [InlineData("juliet@123")]
    public void Malformed_domains_are_rejected(string input)
    {
        var ok = Jid.TryParse(input, out _);

        Assert.False(ok);
    }

    [Theory]
    [InlineData("Example.COM", "example.com")]
    [InlineData("a-b.c-d.example", "a-b.c-d.example")]
    [InlineData("123.example", "123.example")]
    [InlineData("localhost", "localhost")]
    public void Ascii_host_names_are_lowercased(string domain, string expected)
    {
        var jid = Jid.Create(null, domain, null);

        Assert.Equal(expected, jid.Domain);
    }

    [Theory]
    [InlineData("ab--cd.example")]
    [InlineData("xn--abc.example")]
    [InlineData("a-.example")]
    [InlineData("-a.example")]
    public void Ascii_host_names_idna_refuses_are_rejected(string domain)
    {
        // Hyphens at a label's ends or in positions 3–4 (RFC 5891 §4.2.3.1), and an invalid A-label.
        var ok = Jid.TryCreate(null, domain, null, out _, out _);

        Assert.False(ok);
    }

    [Fact]
    public void Internationalized_domain_is_kept_in_unicode_form()
    {
        var jid = Jid.Parse("juliet@xn--mnchen-3ya.example");

        Assert.Equal("münchen.example", jid.Domain);
        Assert.Equal(Jid.Parse("juliet@MÜNCHEN.example"), jid);
    }

    [Fact]
    public void Invalid_a_label_is_rejected()
    {
        var ok = Jid.TryParse("juliet@xn--zzzzzzzzzzzzzzzz-.example", out _);

        Assert.False(ok);
    }

    [Fact]
    public void Ipv4_literal_is_accepted()
    {
        var jid = Jid.Parse("juliet@192.0.2.1/balcony");

        Assert.Equal("192.0.2.1", jid.Domain);
    }

    [Theory]
    [InlineData("juliet@[2001:db8::1]", "[2001:db8::1]")]
    [InlineData("juliet@[2001:DB8:0:0:0:0:0:1]", "[2001:db8::1]")]
    [InlineData("[::1]/res", "[::1]")]
    public void Ipv6_literal_is_accepted_in_canonical_form(string input, string domain)
    {
        var jid = Jid.Parse(input);

        Assert.Equal(domain, jid.Domain);
    }

    [Theory]
    [InlineData("juliet@[2001:db8::1")]
    [InlineData("juliet@[192.0.2.1]")]
    [InlineData("juliet@[fe80::1%eth0]")]
    [InlineData("juliet@[]")]
    [InlineData("juliet@[v1.fe80::1]")]
    [InlineData("juliet@2001:db8::1")]
    public void Malformed_ip_literals_are_rejected(string input)
    {
        var ok = Jid.TryParse(input, out _);

        Assert.False(ok);
    }

    [Fact]
    public void Localpart_of_1023_bytes_is_accepted_and_1024_rejected()
    {
        var okLocal = new string('a', 1023);
        var longLocal = new string('a', 1024);

        Assert.True(Jid.TryParse(okLocal + "@example.com", out _));
        Assert.False(Jid.TryParse(longLocal + "@example.com", out _));
    }

    [Fact]
    public void Localpart_length_is_counted_in_utf8_bytes()
    {
        // 512 × "π" is 512 characters but 1024 bytes.
        var local = new string('π', 512);

        var ok = Jid.TryParse(local + "@example.com", out _);

        Assert.False(ok);
    }

    [Fact]
    public void Resourcepart_of_1023_bytes_is_accepted_and_1024_rejected()
    {
        Assert.True(Jid.TryParse("juliet@example.com/" + new string('r', 1023), out _));
        Assert.False(Jid.TryParse("juliet@example.com/" + new string('r', 1024), out _));
    }

    [Fact]
    public void Domainpart_of_1024_bytes_is_rejected()
    {
        var domain = string.Join('.', Enumerable.Repeat(new string('d', 63), 16)) + "d";

        var ok = Jid.TryParse("juliet@" + domain, out _);

        Assert.Equal(1024, domain.Length);
        Assert.False(ok);
    }

    [Fact]
    public void Domain_label_longer_than_63_octets_is_rejected()
    {
        Assert.True(Jid.TryParse("juliet@" + new string('d', 63) + ".example", out _));
        Assert.False(Jid.TryParse("juliet@" + new string('d', 64) + ".example", out _));
    }

    [Fact]
    public void Huge_input_is_rejected_without_preparation()
    {
        var ok = Jid.TryParse(new string('a', 1_000_000), out _, out var error);

        Assert.False(ok);
        Assert.Contains("too long", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("juliet@example.com/a\u0000b")]
    [InlineData("juliet@example.com/a\u0007b")]
    [InlineData("juliet@example.com/a\u200Bb")]
    [InlineData("juliet@example.com/a\uE000b")]
    [InlineData("juliet@example.com/a\u2028b")]
    [InlineData("jul\u0000iet@example.com")]
    [InlineData("jul\u00ADiet@example.com")]
    [InlineData("\uFB01@example.com")]
    public void Controls_format_characters_private_use_and_compatibility_characters_are_rejected(string input)
    {
        var ok = Jid.TryParse(input, out _);

        Assert.False(ok);
    }

    [Fact]
    public void Lone_surrogates_are_rejected()
    {
        // Not InlineData: attribute strings are stored as UTF-8, which turns a lone surrogate into U+FFFD.
        var highInResource = "juliet@example.com/a" + '\uD800' + "b";
        var lowInLocal = "jul" + '\uDC00' + "iet@example.com";
        var inDomain = "juliet@exa" + '\uD800' + "mple.com";

        Assert.False(Jid.TryParse(highInResource, out _));
        Assert.False(Jid.TryParse(lowInLocal, out _));
        Assert.False(Jid.TryParse(inDomain, out _));
    }

    [Fact]
    public void Resource_may_contain_slashes()
    {
        var jid = Jid.Parse("juliet@example.com/a/b/c");

        Assert.Equal("a/b/c", jid.Resource);
    }

    [Fact]
    public void Second_at_sign_before_the_slash_is_rejected()
    {
        var ok = Jid.TryParse("a@b@example.com", out _);

        Assert.False(ok);
    }

    [Fact]
    public void Bare_drops_the_resource_and_returns_itself_when_already_bare()
    {
        var full = Jid.Parse("juliet@example.com/balcony");
        var bare = Jid.Parse("juliet@example.com");

        Assert.Equal(bare, full.Bare);
        Assert.Same(bare, bare.Bare);
        Assert.True(full.Bare.IsBare);
        Assert.False(full.IsBare);
    }

    [Fact]
    public void IsDomain_is_true_only_for_a_domain_alone()
    {
        Assert.True(Jid.Parse("example.com").IsDomain);
        Assert.False(Jid.Parse("example.com/foo").IsDomain);
        Assert.False(Jid.Parse("juliet@example.com").IsDomain);
    }

    [Fact]
    public void WithResource_prepares_the_resource()
    {
        var jid = Jid.Parse("juliet@example.com").WithResource("cafe\u0301\u00A0x");

        Assert.Equal("juliet@example.com/caf\u00E9 x", jid.ToString());
    }

    [Fact]
    public void WithResource_rejects_an_invalid_resource()
    {
        var bare = Jid.Parse("juliet@example.com");

        Assert.Throws<FormatException>(() => bare.WithResource(""));
        Assert.False(bare.TryWithResource("a\u0000", out _, out _));
    }

    [Fact]
    public void Create_prepares_each_part()
    {
        var jid = Jid.Create("JULIET", "Example.COM.", "Balcony");

        Assert.Equal("juliet@example.com/Balcony", jid.ToString());
    }

    [Fact]
    public void Create_rejects_an_empty_localpart()
    {
        Assert.Throws<FormatException>(() => Jid.Create("", "example.com", null));
    }

    [Fact]
    public void ToString_round_trips_through_parse()
    {
        var inputs = new[] { "juliet@example.com/foo@bar/baz", "example.com", "example.com/r", "a@[::1]", "σ@münchen.example/♚" };

        foreach (var input in inputs)
        {
            var jid = Jid.Parse(input);
            Assert.Equal(jid, Jid.Parse(jid.ToString()));
            Assert.Equal(input, jid.ToString());
        }
    }

    [Fact]
    public void Equal_jids_have_equal_hash_codes()
    {
        var a = Jid.Parse("Juliet@Example.com/r");
        var b = Jid.Parse("juliet@example.com/r");

        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a == b);
    }

    [Fact]
    public void Parse_with_null_throws_argument_null()
    {
        Assert.Throws<ArgumentNullException>(() => Jid.Parse(null!));
        Assert.False(Jid.TryParse(null, out _));
    }
}
