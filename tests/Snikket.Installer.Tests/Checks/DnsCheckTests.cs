using System.Net;
using System.Net.Sockets;
using Snikket.Installer.Checks;

namespace Snikket.Installer.Tests.Checks;

public sealed class DnsCheckTests
{
    private static readonly IPAddress Host = IPAddress.Parse("203.0.113.7");

    private static Task<IReadOnlyList<CheckResult>> CheckAsync(Func<string, IPAddress[]> zone) =>
        new DnsCheck((name, _) => Task.FromResult(zone(name))).RunAsync("chat.example.com", [Host, IPAddress.Loopback], CancellationToken.None);

    [Fact]
    public async Task All_three_names_pointing_here_pass()
    {
        var results = await CheckAsync(_ => [Host]);

        Assert.Equal(["DNS chat.example.com", "DNS groups.chat.example.com", "DNS share.chat.example.com"], results.Select(r => r.Item));
        Assert.All(results, r => Assert.True(r.Ok));
    }

    [Fact]
    public async Task A_name_pointing_elsewhere_fails_naming_the_record_to_set()
    {
        var results = await CheckAsync(name => name.StartsWith("share.", StringComparison.Ordinal) ? [IPAddress.Parse("198.51.100.1")] : [Host]);

        var share = Assert.Single(results, r => !r.Ok);
        Assert.Contains("198.51.100.1", share.Finding, StringComparison.Ordinal);
        Assert.Contains("share.chat.example.com A 203.0.113.7", share.Fix, StringComparison.Ordinal);
        Assert.Contains("--public-address", share.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_fails_with_the_record_to_add()
    {
        var results = await new DnsCheck((name, _) => name.StartsWith("groups.", StringComparison.Ordinal)
                ? throw new SocketException((int)SocketError.HostNotFound)
                : Task.FromResult(new[] { Host }))
            .RunAsync("chat.example.com", [Host], CancellationToken.None);

        var groups = Assert.Single(results, r => !r.Ok);
        Assert.Equal("DNS groups.chat.example.com", groups.Item);
        Assert.Contains("Add the DNS record groups.chat.example.com A 203.0.113.7", groups.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_address_elsewhere_fails_even_when_one_points_here()
    {
        var results = await CheckAsync(_ => [Host, IPAddress.Parse("192.0.2.50")]);

        Assert.All(results, r => Assert.False(r.Ok));
    }

    [Fact]
    public async Task An_ipv4_mapped_ipv6_answer_counts_as_the_ipv4_host()
    {
        var results = await CheckAsync(_ => [Host.MapToIPv6()]);

        Assert.All(results, r => Assert.True(r.Ok));
    }

    [Fact]
    public async Task No_records_at_all_fail()
    {
        var results = await CheckAsync(_ => []);

        Assert.All(results, r => Assert.Contains("no A or AAAA record", r.Finding, StringComparison.Ordinal));
    }
}
