using Snikket.Server.Modules.AdminApi;

namespace Snikket.Server.Tests.Modules.AdminApi;

public sealed class ApiTokensTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly byte[] Credential = [9, 8, 7, 6, 5];
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    private ApiTokens Tokens(byte[]? key = null) => new(key ?? Key, _time, TimeSpan.FromHours(2));

    [Fact]
    public void A_fresh_token_is_valid_and_carries_username_role_and_stamp()
    {
        var tokens = Tokens();
        var (token, expires) = tokens.Issue("alice", "admin", Credential);

        var check = tokens.Check(token);

        Assert.Equal(TokenStatus.Valid, check.Status);
        Assert.Equal("alice", check.Username);
        Assert.Equal("admin", check.Role);
        Assert.Equal(tokens.Stamp(Credential), check.Stamp);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromHours(2), expires);
    }

    [Fact]
    public void A_token_past_its_lifetime_is_expired()
    {
        var tokens = Tokens();
        var (token, _) = tokens.Issue("alice", "normal", Credential);

        _time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(TokenStatus.Expired, tokens.Check(token).Status);
    }

    [Fact]
    public void A_token_signed_with_another_key_is_invalid()
    {
        var (token, _) = Tokens(new byte[32]).Issue("alice", "admin", Credential);

        Assert.Equal(TokenStatus.Invalid, Tokens().Check(token).Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Changing_any_claim_invalidates_the_token(int part)
    {
        var tokens = Tokens();
        var (token, _) = tokens.Issue("alice", "normal", Credential);
        var parts = token.Split('.');
        parts[part] = part switch { 0 => "Ym9i", 1 => "admin", 2 => "99999999999", _ => "AAAAAAAAAAAAAAAA" };

        Assert.Equal(TokenStatus.Invalid, tokens.Check(string.Join('.', parts)).Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("....")]
    [InlineData("a.b.c.d.e.f")]
    [InlineData("!!!.normal.1.x.y")]
    public void Garbage_is_invalid(string token) => Assert.Equal(TokenStatus.Invalid, Tokens().Check(token).Status);

    [Fact]
    public void An_oversize_token_is_invalid_without_being_parsed() =>
        Assert.Equal(TokenStatus.Invalid, Tokens().Check(new string('a', ApiTokens.MaxTokenLength + 1)).Status);

    [Fact]
    public void New_credentials_give_another_stamp() =>
        Assert.NotEqual(Tokens().Stamp(Credential), Tokens().Stamp([1, 2, 3]));

    [Fact]
    public void A_username_with_dots_and_unicode_survives_the_round_trip()
    {
        var tokens = Tokens();
        var (token, _) = tokens.Issue("jürgen.o'neil", "limited", Credential);

        Assert.Equal("jürgen.o'neil", tokens.Check(token).Username);
    }
}
