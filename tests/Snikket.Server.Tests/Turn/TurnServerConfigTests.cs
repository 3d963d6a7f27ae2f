using System.Net;
using Snikket.Server.Turn;

namespace Snikket.Server.Tests.Turn;

/// <summary>One test per rule of the rendered coturn configuration (turn-config/README.md gives the reasons).</summary>
public sealed class TurnServerConfigTests
{
    private static readonly TurnServerConfig Defaults = new(
        "chat.example.com", "0123456789abcdef", "/snikket/certs/chat.example.com.crt", "/snikket/certs/chat.example.com.key",
        "/snikket/turn/turndb", new TurnSettings(), PublicAddress: null);

    private static IReadOnlyList<string> Lines(TurnServerConfig config) =>
        [.. config.Render().Split('\n').Where(line => line.Length > 0 && !line.StartsWith('#'))];

    [Fact]
    public void Credentials_are_checked_against_the_shared_secret()
    {
        var lines = Lines(Defaults);

        Assert.Contains("use-auth-secret", lines);
        Assert.Contains("static-auth-secret=0123456789abcdef", lines);
    }

    [Fact]
    public void The_realm_is_the_domain()
    {
        Assert.Contains("realm=chat.example.com", Lines(Defaults));
    }

    [Fact]
    public void It_listens_on_3478_and_5349_with_tls_by_default()
    {
        var lines = Lines(Defaults);

        Assert.Contains("listening-port=3478", lines);
        Assert.Contains("tls-listening-port=5349", lines);
    }

    [Fact]
    public void The_configured_port_is_used()
    {
        var lines = Lines(Defaults with { Turn = new TurnSettings { Port = 3479 } });

        Assert.Contains("listening-port=3479", lines);
    }

    [Fact]
    public void Tls_uses_the_servers_certificate_files_and_no_tls_below_1_2()
    {
        var lines = Lines(Defaults);

        Assert.Contains("cert=/snikket/certs/chat.example.com.crt", lines);
        Assert.Contains("pkey=/snikket/certs/chat.example.com.key", lines);
        Assert.Contains("no-tlsv1", lines);
        Assert.Contains("no-tlsv1_1", lines);
    }

    [Fact]
    public void The_relay_range_is_49152_to_65535_by_default()
    {
        var lines = Lines(Defaults);

        Assert.Contains("min-port=49152", lines);
        Assert.Contains("max-port=65535", lines);
    }

    [Fact]
    public void The_relay_range_can_be_narrowed()
    {
        var lines = Lines(Defaults with { Turn = new TurnSettings { MinRelayPort = 50000, MaxRelayPort = 50100 } });

        Assert.Contains("min-port=50000", lines);
        Assert.Contains("max-port=50100", lines);
    }

    [Fact]
    public void Stun_answers_carry_nothing_that_amplifies_a_spoofed_request()
    {
        var lines = Lines(Defaults);

        Assert.Contains("no-rfc5780", lines);
        Assert.Contains("no-stun-backward-compatibility", lines);
        Assert.Contains("response-origin-only-with-rfc5780", lines);
    }

    [Fact]
    public void Only_udp_is_relayed()
    {
        Assert.Contains("no-tcp-relay", Lines(Defaults));
    }

    [Fact]
    public void There_is_no_telnet_cli()
    {
        Assert.Contains("no-cli", Lines(Defaults));
    }

    [Fact]
    public void Multicast_and_loopback_peers_are_refused()
    {
        var lines = Lines(Defaults);

        Assert.Contains("no-multicast-peers", lines);
        // coturn refuses loopback peers unless told otherwise.
        Assert.DoesNotContain(lines, line => line.StartsWith("allow-loopback-peers", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.StartsWith("allowed-peer-ip", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0.0.0.1")]
    [InlineData("0.255.255.255")]
    [InlineData("10.0.0.1")]
    [InlineData("10.255.255.255")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.255.254")]
    [InlineData("169.254.169.254")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("64:ff9b:1::a00:1")]
    [InlineData("2002:a00:1::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456:789a::1")]
    [InlineData("fe80::1")]
    [InlineData("fec0::1")]
    [InlineData("ff02::1")]
    public void A_private_or_internal_peer_is_denied(string address)
    {
        Assert.True(Denied(IPAddress.Parse(address)), $"{address} should be inside a denied-peer-ip range");
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("9.255.255.255")]
    [InlineData("11.0.0.0")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("169.253.255.255")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("192.0.2.1")]
    [InlineData("192.169.0.0")]
    [InlineData("223.255.255.255")]
    [InlineData("2001:db8::1")]
    [InlineData("2a00:1450:4001::1")]
    [InlineData("2003::1")]
    public void A_public_peer_is_not_denied(string address)
    {
        Assert.False(Denied(IPAddress.Parse(address)), $"{address} should be outside every denied-peer-ip range");
    }

    [Fact]
    public void No_range_has_an_all_zero_bound_which_coturn_would_read_as_open()
    {
        foreach (var line in Lines(Defaults).Where(l => l.StartsWith("denied-peer-ip=", StringComparison.Ordinal)))
        {
            foreach (var bound in line["denied-peer-ip=".Length..].Split('-'))
            {
                Assert.False(IPAddress.Parse(bound).GetAddressBytes().All(b => b == 0), line);
            }
        }
    }

    [Fact]
    public void Every_denied_range_says_why()
    {
        var text = Defaults.Render();

        foreach (var range in DeniedPeerRanges.All)
        {
            Assert.Contains($"# {range.Network}: {range.Reason}\ndenied-peer-ip={range.First}-{range.Last}\n", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Behind_nat_the_public_address_is_mapped_to_the_internal_one()
    {
        var config = Defaults with
        {
            Turn = new TurnSettings { InternalAddress = IPAddress.Parse("192.168.1.10") },
            PublicAddress = IPAddress.Parse("203.0.113.7"),
        };

        Assert.Contains("external-ip=203.0.113.7/192.168.1.10", Lines(config));
    }

    [Fact]
    public void Without_nat_no_external_address_is_set()
    {
        Assert.DoesNotContain(Lines(Defaults), line => line.StartsWith("external-ip", StringComparison.Ordinal));
    }

    [Fact]
    public void Logs_go_to_stdout()
    {
        Assert.Contains("log-file=stdout", Lines(Defaults));
    }

    [Fact]
    public void The_user_database_is_in_the_data_directory()
    {
        Assert.Contains("userdb=/snikket/turn/turndb", Lines(Defaults));
    }

    [Fact]
    public void A_value_with_a_line_break_is_refused_instead_of_adding_a_setting()
    {
        var config = Defaults with { CertificatePath = "/certs/x.crt\nallow-loopback-peers" };

        var error = Assert.Throws<ArgumentException>(config.Render);

        Assert.Contains("cert", error.Message, StringComparison.Ordinal);
        Assert.Contains("line break", error.Message, StringComparison.Ordinal);
    }

    private static bool Denied(IPAddress address)
    {
        foreach (var line in Lines(Defaults).Where(l => l.StartsWith("denied-peer-ip=", StringComparison.Ordinal)))
        {
            var bounds = line["denied-peer-ip=".Length..].Split('-');
            var first = IPAddress.Parse(bounds[0]).GetAddressBytes();
            var last = IPAddress.Parse(bounds[1]).GetAddressBytes();
            var bytes = address.GetAddressBytes();
            if (bytes.Length == first.Length
                && bytes.AsSpan().SequenceCompareTo(first) >= 0
                && bytes.AsSpan().SequenceCompareTo(last) <= 0)
            {
                return true;
            }
        }

        return false;
    }
}
