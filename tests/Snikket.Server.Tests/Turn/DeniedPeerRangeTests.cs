using System.Net;
using Snikket.Server.Turn;

namespace Snikket.Server.Tests.Turn;

/// <summary>CIDR networks turn into the first-last ranges coturn 4.6 reads.</summary>
public sealed class DeniedPeerRangeTests
{
    [Theory]
    [InlineData("172.16.0.0/12", "172.16.0.0", "172.31.255.255")]
    [InlineData("100.64.0.0/10", "100.64.0.0", "100.127.255.255")]
    [InlineData("fc00::/7", "fc00::", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")]
    [InlineData("::ffff:0:0/96", "::ffff:0.0.0.0", "::ffff:255.255.255.255")]
    [InlineData("0.0.0.0/8", "0.0.0.1", "0.255.255.255")]
    public void A_network_spans_from_its_base_to_its_last_address(string cidr, string first, string last)
    {
        var range = new DeniedPeerRange(IPNetwork.Parse(cidr), "test");

        Assert.Equal((IPAddress.Parse(first), IPAddress.Parse(last)), (range.First, range.Last));
    }
}
