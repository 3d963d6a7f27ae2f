using Snikket.Server.Commands;

namespace Snikket.Server.Tests.Commands;

public sealed class InviteCommandsTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("12h", 43200)]
    [InlineData("7d", 604800)]
    [InlineData("2w", 1209600)]
    [InlineData(" 1D ", 86400)]
    public void Durations_read_like_snikkets(string text, int seconds)
    {
        Assert.True(InviteCommands.TryParseDuration(text, out var duration));

        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("d")]
    [InlineData("7")]
    [InlineData("0d")]
    [InlineData("-1d")]
    [InlineData("7x")]
    [InlineData("1.5d")]
    [InlineData("99999999999d")]
    public void Other_durations_are_refused(string text)
    {
        Assert.False(InviteCommands.TryParseDuration(text, out _));
    }

    [Fact]
    public void The_qr_code_is_square_block_art()
    {
        var lines = InviteCommands.QrText("https://chat.example.com/invite/abc/").Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.All(lines, line => Assert.Equal(lines[0].Length, line.Length));
        Assert.InRange(lines.Length * 2, lines[0].Length, lines[0].Length + 2);
        Assert.All(lines, line => Assert.True(line.All(c => c is ' ' or '█' or '▀' or '▄'), line));
    }
}
