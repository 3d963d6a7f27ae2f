using System.Text;
using Snikket.Xmpp.Sasl;

namespace Snikket.Xmpp.Tests.Sasl;

public sealed class SaslPlainTests
{
    private static bool Parse(string message, out string? authzid, out string authcid, out string password) =>
        SaslPlain.TryParse(Encoding.UTF8.GetBytes(message), out authzid, out authcid, out password);

    [Fact]
    public void Message_without_authzid_parses()
    {
        var ok = Parse("\0juliet\0pencil", out var authzid, out var authcid, out var password);

        Assert.True(ok);
        Assert.Null(authzid);
        Assert.Equal("juliet", authcid);
        Assert.Equal("pencil", password);
    }

    [Fact]
    public void Message_with_authzid_parses()
    {
        var ok = Parse("juliet@example.com\0juliet\0pencil", out var authzid, out var authcid, out var password);

        Assert.True(ok);
        Assert.Equal("juliet@example.com", authzid);
        Assert.Equal("juliet", authcid);
        Assert.Equal("pencil", password);
    }

    [Fact]
    public void Non_ascii_fields_are_decoded_as_utf8()
    {
        var ok = Parse("\0jüliet\0pässwört ♚", out _, out var authcid, out var password);

        Assert.True(ok);
        Assert.Equal("jüliet", authcid);
        Assert.Equal("pässwört ♚", password);
    }

    [Theory]
    [InlineData("")]
    [InlineData("juliet")]
    [InlineData("juliet\0pencil")]
    [InlineData("\0juliet")]
    public void Message_missing_a_nul_fails(string message)
    {
        Assert.False(Parse(message, out _, out _, out _));
    }

    [Theory]
    [InlineData("\0juliet\0pencil\0extra")]
    [InlineData("a\0juliet\0pencil\0")]
    [InlineData("\0\0juliet\0pencil")]
    public void Message_with_extra_fields_fails(string message)
    {
        Assert.False(Parse(message, out _, out _, out _));
    }

    [Fact]
    public void Empty_password_fails()
    {
        Assert.False(Parse("\0juliet\0", out _, out _, out _));
    }

    [Fact]
    public void Empty_authcid_fails()
    {
        Assert.False(Parse("\0\0pencil", out _, out _, out _));
    }

    [Fact]
    public void Field_of_1024_bytes_is_accepted_and_1025_rejected()
    {
        Assert.True(Parse("\0juliet\0" + new string('p', 1024), out _, out _, out _));
        Assert.False(Parse("\0juliet\0" + new string('p', 1025), out _, out _, out _));
        Assert.False(Parse(new string('z', 1025) + "\0juliet\0pencil", out _, out _, out _));
        Assert.False(Parse("\0" + new string('j', 1025) + "\0pencil", out _, out _, out _));
    }

    [Fact]
    public void Oversize_message_fails()
    {
        Assert.False(SaslPlain.TryParse(new byte[1024 * 1024], out _, out _, out _));
    }

    [Fact]
    public void Invalid_utf8_fails()
    {
        byte[] message = [0, (byte)'j', 0xFF, 0, (byte)'p'];

        Assert.False(SaslPlain.TryParse(message, out _, out _, out _));
    }

    [Fact]
    public void Failure_leaves_empty_outputs()
    {
        var ok = Parse("\0juliet\0", out var authzid, out var authcid, out var password);

        Assert.False(ok);
        Assert.Null(authzid);
        Assert.Equal("", authcid);
        Assert.Equal("", password);
    }
}
