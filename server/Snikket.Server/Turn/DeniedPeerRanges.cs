using System.Net;

namespace Snikket.Server.Turn;

/// <summary>
/// The networks the relay refuses as peers (RFC 8656 §21.3: a TURN server is an open proxy into
/// whatever network it stands in unless it restricts peers). Everything a call's media never needs
/// to reach through a public relay: the host itself, private and shared address space, cloud
/// metadata services, multicast, and the IPv6 spellings that lead back to IPv4 addresses.
/// </summary>
internal static class DeniedPeerRanges
{
    public static IReadOnlyList<DeniedPeerRange> All { get; } =
    [
        Range("0.0.0.0/8", "'this network' (RFC 791); 0.0.0.0 reaches the host itself on Linux"),
        Range("10.0.0.0/8", "private network (RFC 1918)"),
        Range("100.64.0.0/10", "carrier-grade NAT shared space (RFC 6598), often the provider's internal network"),
        Range("127.0.0.0/8", "loopback: services on the TURN host itself"),
        Range("169.254.0.0/16", "link-local (RFC 3927), including the cloud metadata service at 169.254.169.254"),
        Range("172.16.0.0/12", "private network (RFC 1918), Docker's default bridge networks among them"),
        Range("192.168.0.0/16", "private network (RFC 1918)"),
        Range("224.0.0.0/4", "multicast (RFC 5771)"),
        Range("240.0.0.0/4", "reserved (RFC 1112) and the limited broadcast address 255.255.255.255"),
        // No range for :: (nor ::/96, the deprecated IPv4-compatible addresses): coturn 4.6.1 reads
        // an all-zero bound as "no bound", so either would refuse every peer. coturn refuses the
        // unspecified addresses as loopback by itself (its fix for CVE-2020-26262).
        Range("::1/128", "IPv6 loopback: services on the TURN host itself"),
        Range("::ffff:0:0/96", "IPv4-mapped IPv6 (RFC 4291 §2.5.5.2): the same IPv4 hosts through a dual-stack socket"),
        Range("64:ff9b::/96", "NAT64 well-known prefix (RFC 6052): a NAT64 gateway would carry it to any IPv4 address"),
        Range("64:ff9b:1::/48", "NAT64 local-use prefix (RFC 8215)"),
        Range("2002::/16", "6to4 (RFC 3056, deprecated by RFC 7526): embeds an IPv4 address a local 6to4 interface would reach"),
        Range("fc00::/7", "unique local addresses (RFC 4193), IPv6's private networks"),
        Range("fe80::/10", "link-local (RFC 4291)"),
        Range("fec0::/10", "site-local (deprecated by RFC 3879), still routed inside some networks"),
        Range("ff00::/8", "multicast (RFC 4291)"),
    ];

    /// <summary>True when <paramref name="address"/> is in one of the denied networks.</summary>
    public static bool Contains(IPAddress address) => All.Any(range => range.Network.Contains(address));

    private static DeniedPeerRange Range(string cidr, string reason) => new(IPNetwork.Parse(cidr), reason);
}
