using System.Text;

namespace Snikket.Configuration.Tests;

public sealed class EnvFileTests
{
    [Fact]
    public void Key_value_lines_are_read_with_their_line_numbers()
    {
        var entries = EnvFile.Parse("A=1\n\n# comment\nB=two words\n");

        Assert.Equal([new EnvFileEntry(1, "A", "1"), new EnvFileEntry(4, "B", "two words")], entries);
    }

    [Fact]
    public void Blank_lines_comments_and_indented_comments_are_ignored()
    {
        var entries = EnvFile.Parse("\n   \n# one\n  # two\n\t# three\nA=1");

        Assert.Equal("A", Assert.Single(entries).Key);
    }

    [Fact]
    public void Crlf_line_endings_are_read_like_lf()
    {
        var entries = EnvFile.Parse("A=1\r\nB='x'\r\n# c\r\n");

        Assert.Equal(["1", "x"], entries.Select(e => e.Value));
        Assert.Equal(2, entries[1].Line);
    }

    [Fact]
    public void A_byte_order_mark_is_skipped()
    {
        var entries = EnvFile.Parse("\uFEFFSNIKKET_DOMAIN=a.example");

        Assert.Equal("SNIKKET_DOMAIN", Assert.Single(entries).Key);
    }

    [Theory]
    [InlineData("A='single quoted'", "single quoted")]
    [InlineData("A=\"double quoted\"", "double quoted")]
    [InlineData("A=' padded '", " padded ")]
    [InlineData("A='it\\'s'", "it's")]
    [InlineData("A='literal \\n'", "literal \\n")]
    [InlineData("A=\"tab\\there\"", "tab\there")]
    [InlineData("A=\"quote \\\" inside\"", "quote \" inside")]
    [InlineData("A=\"back\\\\slash\"", "back\\slash")]
    [InlineData("A=''", "")]
    [InlineData("A=", "")]
    [InlineData("A=spaced value  ", "spaced value")]
    [InlineData("A=\"has # inside\"", "has # inside")]
    [InlineData("A='$literal'", "$literal")]
    public void Quotes_are_removed_and_escapes_applied(string line, string expected)
    {
        var entry = Assert.Single(EnvFile.Parse(line));

        Assert.Equal(expected, entry.Value);
    }

    [Theory]
    [InlineData("A=value # comment", "value")]
    [InlineData("A=value\t# comment", "value")]
    [InlineData("A=value#not-a-comment", "value#not-a-comment")]
    [InlineData("A='quoted' # comment", "quoted")]
    [InlineData("A=\"quoted\"   # comment", "quoted")]
    [InlineData("A=# not a comment either", "# not a comment either")]
    public void A_hash_after_whitespace_starts_an_inline_comment_as_in_compose_v2(string line, string expected)
    {
        var entry = Assert.Single(EnvFile.Parse(line));

        Assert.Equal(expected, entry.Value);
    }

    [Theory]
    [InlineData("export SNIKKET_DOMAIN=a.example", "export")]
    [InlineData("SNIKKET_DOMAIN", "not a KEY=value line")]
    [InlineData("SNIKKET_DOMAIN = a.example", "spaces around \"=\"")]
    [InlineData("SNIKKET_DOMAIN= a.example", "spaces around \"=\"")]
    [InlineData("1KEY=x", "not a valid key")]
    [InlineData("MY-KEY=x", "not a valid key")]
    [InlineData("=x", "not a valid key")]
    [InlineData("A='unterminated", "no closing '")]
    [InlineData("A=\"unterminated", "no closing \"")]
    [InlineData("A='x' trailing", "text after the closing '")]
    [InlineData("A='x'#c", "put a space before the comment")]
    [InlineData("A=$HOME", "variable reference")]
    [InlineData("A=\"${HOME}\"", "variable reference")]
    public void Lines_compose_would_read_differently_are_problems(string line, string expected)
    {
        var error = Assert.Throws<SnikketConfigException>(() => EnvFile.Parse("OK=1\n" + line));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("line 2", problem.Key);
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
        Assert.StartsWith("line 2: ", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_key_is_a_problem_naming_both_lines()
    {
        var error = Assert.Throws<SnikketConfigException>(() => EnvFile.Parse("A=1\nB=2\nA=3\n"));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("A", problem.Key);
        Assert.Equal("line 3", problem.Location);
        Assert.Contains("first set on line 1", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_line_is_reported_not_just_the_first()
    {
        var error = Assert.Throws<SnikketConfigException>(() => EnvFile.Parse("export A=1\nB\nC=ok\nD='x\n"));

        Assert.Equal(["line 1", "line 2", "line 4"], error.Problems.Select(p => p.Key));
    }

    [Fact]
    public void A_file_over_64_KiB_is_refused()
    {
        var text = string.Concat(Enumerable.Repeat("# " + new string('x', 1000) + "\n", 70));

        var error = Assert.Throws<SnikketConfigException>(() => EnvFile.Parse(text));

        Assert.Contains("64 KiB", Assert.Single(error.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_over_4_KiB_is_refused()
    {
        var error = Assert.Throws<SnikketConfigException>(() => EnvFile.Parse("A=" + new string('x', 5000)));

        Assert.Contains("longer than 4096", Assert.Single(error.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Written_entries_parse_back_to_the_same_values()
    {
        (string, string)[] entries =
        [
            ("PLAIN", "chat.example.com"),
            ("EMPTY", ""),
            ("SPACES", "My Chat Server"),
            ("PADDED", "  x  "),
            ("HASH", "a #b"),
            ("DOLLAR", "pa$$word"),
            ("APOSTROPHE", "Bob's chat"),
            ("BACKSLASH", "C:\\x"),
            ("URL", "postgres://u:p%40ss@db:5432/snikket"),
            ("UNICODE", "Café ☕"),
        ];

        var parsed = EnvFile.Parse(EnvFile.Write(entries));

        Assert.Equal(entries, parsed.Select(e => (e.Key, e.Value)));
    }

    [Fact]
    public void Writing_quotes_only_values_that_need_it()
    {
        var text = EnvFile.Write([("A", "chat.example.com"), ("B", "two words"), ("C", "Bob's")]);

        Assert.Equal("A=chat.example.com\nB='two words'\nC=\"Bob's\"\n", text);
    }

    [Theory]
    [InlineData("KEY", "line\nbreak")]
    [InlineData("BAD KEY", "x")]
    [InlineData("KEY", "it's $5")]
    public void Writing_refuses_what_cannot_be_read_back(string key, string value)
    {
        Assert.Throws<ArgumentException>(() => EnvFile.Write([(key, value)]));
    }

    [Fact]
    public void The_loader_refuses_a_file_that_is_not_utf8()
    {
        using var file = new TempFile([.. Encoding.ASCII.GetBytes("SNIKKET_SITE_NAME="), 0xE9, 0xFF, (byte)'\n']);

        var error = Assert.Throws<SnikketConfigException>(() => SnikketConfigLoader.Load(file.Path, Conf.Env()));

        Assert.Contains("not UTF-8", Assert.Single(error.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_loader_refuses_an_oversize_file_without_parsing_it()
    {
        var error = Conf.FileFails(Conf.MinimalFile + string.Concat(Enumerable.Repeat("#" + new string('x', 999) + "\n", 70)));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("snikket.conf", problem.Location);
        Assert.Contains("64 KiB", problem.Message, StringComparison.Ordinal);
    }
}
