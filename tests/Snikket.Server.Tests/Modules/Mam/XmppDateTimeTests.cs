using Snikket.Server.Modules.Mam;

namespace Snikket.Server.Tests.Modules.Mam;

public sealed class XmppDateTimeTests
{
    [Theory]
    [InlineData("2024-05-01T12:00:00Z", 1714564800000)]
    [InlineData("2024-05-01T12:00:00.250Z", 1714564800250)]
    [InlineData("2024-05-01T14:00:00+02:00", 1714564800000)]
    [InlineData("2024-05-01T07:30:00-04:30", 1714564800000)]
    public void A_profile_datetime_parses(string text, long unixMilliseconds)
    {
        Assert.True(XmppDateTime.TryParse(text, out var time));
        Assert.Equal(unixMilliseconds, time.ToUnixTimeMilliseconds());
    }

    [Theory]
    [InlineData("2024-05-01")]
    [InlineData("2024-05-01T12:00:00")]
    [InlineData("2024-05-01 12:00:00Z")]
    [InlineData("2024-13-01T12:00:00Z")]
    [InlineData("yesterday")]
    [InlineData("２０２４-05-01T12:00:00Z")]
    [InlineData("2024-05-01T12:00:00Z\n")]
    public void Anything_else_does_not_parse(string text)
    {
        Assert.False(XmppDateTime.TryParse(text, out _));
    }

    [Fact]
    public void Formatting_is_utc_with_milliseconds()
    {
        Assert.Equal("2024-05-01T12:00:00.250Z", XmppDateTime.Format(1714564800250));
    }
}
