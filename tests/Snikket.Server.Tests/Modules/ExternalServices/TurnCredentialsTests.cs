using Snikket.Server.Modules.ExternalServices;

namespace Snikket.Server.Tests.Modules.ExternalServices;

/// <summary>The TURN REST scheme, as coturn's use-auth-secret recomputes it.</summary>
public sealed class TurnCredentialsTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void The_username_is_the_expiry_in_unix_seconds_then_the_localpart()
    {
        var credentials = TurnCredentials.For("alice", Now, TimeSpan.FromDays(1), "0123456789abcdef");

        Assert.Equal("1700086400:alice", credentials.Username);
        Assert.Equal(Now.AddDays(1), credentials.Expires);
    }

    [Fact]
    public void The_password_is_base64_of_hmac_sha1_of_the_username_under_the_secret()
    {
        var credentials = TurnCredentials.For("alice", Now, TimeSpan.FromDays(1), "0123456789abcdef");

        // Python: base64.b64encode(hmac.new(b'0123456789abcdef', b'1700086400:alice', hashlib.sha1).digest())
        Assert.Equal("aNto7EznsfUCDS5EqNg13BzavXc=", credentials.Password);
    }

    [Fact]
    public void Expiry_drops_fractions_of_a_second_so_it_matches_the_username()
    {
        var credentials = TurnCredentials.For("alice", Now.AddMilliseconds(999), TimeSpan.FromDays(1), "s");

        Assert.Equal(Now.AddDays(1), credentials.Expires);
    }
}
