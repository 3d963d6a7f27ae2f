using System.Globalization;
using System.Net;
using Snikket.Server.Turn;

namespace Snikket.Server.IntegrationTests.Turn;

/// <summary>
/// The TURN check, with real coturn 4.6: credentials our server hands out through XEP-0215
/// allocate a relay on every transport it advertises; wrong or expired ones are refused; relaying
/// to the networks in <see cref="DeniedPeerRanges"/> is forbidden while a public peer is permitted.
/// Runs once (SQLite): the database plays no part. The coturn on the command line only adds the
/// loopback listening and relay addresses; every rule under test comes from the written file.
/// </summary>
public sealed class CoturnTests(CoturnFixture coturn) : IClassFixture<CoturnFixture>
{
    [Theory]
    [InlineData("turn", "udp", TurnTransport.Udp)]
    [InlineData("turn", "tcp", TurnTransport.Tcp)]
    [InlineData("turns", "tcp", TurnTransport.Tls)]
    public async Task Credentials_from_the_server_allocate_a_relay_on_each_advertised_transport(string type, string transport, TurnTransport how)
    {
        var service = await coturn.ServiceAsync(type, transport);
        await using var client = await TurnClient.ConnectAsync(how, EndPoint(service), coturn.CertificatePath, service.GetAttribute("host"));

        var response = await client.AllocateAsync(service.GetAttribute("username")!, service.GetAttribute("password")!);

        Assert.True(response.IsSuccess, $"Allocate failed with {response.Error} {response.Reason}\n{coturn.CoturnOutput}");
        var relayed = response.ReadXorAddress(StunMessage.XorRelayedAddress)!;
        Assert.Equal(IPAddress.Loopback, relayed.Address);
        Assert.InRange(relayed.Port, coturn.Settings.Turn.MinRelayPort, coturn.Settings.Turn.MaxRelayPort);
    }

    [Fact]
    public async Task Stun_answers_without_credentials_with_the_clients_address()
    {
        var service = await coturn.ServiceAsync("stun", "udp");
        await using var client = await TurnClient.ConnectAsync(TurnTransport.Udp, EndPoint(service));

        var response = await client.BindingAsync();

        Assert.True(response.IsSuccess);
        Assert.Equal(IPAddress.Loopback, response.ReadXorAddress(StunMessage.XorMappedAddress)!.Address);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_401()
    {
        var service = await coturn.ServiceAsync("turn", "udp");
        await using var client = await TurnClient.ConnectAsync(TurnTransport.Udp, EndPoint(service));

        var response = await client.AllocateAsync(service.GetAttribute("username")!, "bm90IHRoZSBwYXNzd29yZA==");

        Assert.Equal(401, response.Error);
    }

    [Fact]
    public async Task Expired_credentials_are_refused_with_401_even_when_correctly_signed()
    {
        var service = await coturn.ServiceAsync("turn", "udp");
        var expired = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ":alice";
        var password = TurnSecret.Password(TurnSecret.Read(coturn.Settings.DataDirectory), expired);
        await using var client = await TurnClient.ConnectAsync(TurnTransport.Udp, EndPoint(service));

        var response = await client.AllocateAsync(expired, password);

        Assert.Equal(401, response.Error);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.0.0.1")]
    [InlineData("172.17.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.251")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("2002:a00:1::1")]
    [InlineData("fd00::1")]
    [InlineData("fe80::1")]
    [InlineData("ff02::1")]
    public async Task A_relay_to_a_private_or_internal_address_is_forbidden(string peer)
    {
        var response = await PermissionAsync(IPAddress.Parse(peer));

        Assert.Equal(403, response.Error);
    }

    [Theory]
    [InlineData("192.0.2.1")]
    [InlineData("203.0.113.50")]
    [InlineData("2001:db8::1")]
    public async Task A_relay_to_a_public_address_is_permitted(string peer)
    {
        var response = await PermissionAsync(IPAddress.Parse(peer));

        Assert.True(response.IsSuccess, $"CreatePermission to {peer} failed with {response.Error} {response.Reason}");
    }

    /// <summary>Allocates a relay of the peer's family with fresh credentials, then asks permission for the peer.</summary>
    private async Task<StunMessage> PermissionAsync(IPAddress peer)
    {
        var service = await coturn.ServiceAsync("turn", "udp");
        await using var client = await TurnClient.ConnectAsync(TurnTransport.Udp, EndPoint(service));
        var allocated = await client.AllocateAsync(service.GetAttribute("username")!, service.GetAttribute("password")!, peer.AddressFamily);
        Assert.True(
            allocated.IsSuccess,
            allocated.Error == 440
                ? $"coturn has no IPv6 relay address, so the rule for {peer} cannot be checked: this machine needs IPv6 loopback (::1) enabled"
                : $"Allocate failed with {allocated.Error} {allocated.Reason}\n{coturn.CoturnOutput}");

        return await client.CreatePermissionAsync(peer);
    }

    // The advertised host is the domain, localhost here; coturn listens on IPv4 loopback only.
    private static IPEndPoint EndPoint(Snikket.Xmpp.Element service) =>
        new(IPAddress.Loopback, int.Parse(service.GetAttribute("port")!, CultureInfo.InvariantCulture));
}
