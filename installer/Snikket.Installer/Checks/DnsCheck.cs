using System.Net;
using System.Net.Sockets;

namespace Snikket.Installer.Checks;

/// <summary>
/// Checks that the domain and the two names the appliance also serves (<c>groups.D</c> for group
/// chats, <c>share.D</c> for file sharing; Snikket's DNS set-up) resolve, A and AAAA, to this host,
/// and only to it: a record pointing elsewhere makes certificates fail and clients connect to the wrong place.
/// </summary>
internal sealed class DnsCheck(Func<string, CancellationToken, Task<IPAddress[]>> resolve)
{
    /// <summary>The names that must point at the host.</summary>
    public static IReadOnlyList<string> NamesFor(string domain) => [domain, "groups." + domain, "share." + domain];

    /// <summary>Checks each name against <paramref name="hostAddresses"/> (the host's or the operator's public addresses).</summary>
    public async Task<IReadOnlyList<CheckResult>> RunAsync(string domain, IReadOnlyCollection<IPAddress> hostAddresses, CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>();
        var ours = hostAddresses.Select(Normalize).ToHashSet();
        var suggestion = string.Join(" and ", hostAddresses
            .Where(a => !IPAddress.IsLoopback(a) && !a.IsIPv6LinkLocal)
            .Select(a => $"{(a.AddressFamily == AddressFamily.InterNetworkV6 ? "AAAA" : "A")} {a}"));
        if (suggestion.Length == 0)
        {
            suggestion = "A <this server's public IPv4 address>";
        }

        foreach (var name in NamesFor(domain))
        {
            IPAddress[] found;
            try
            {
                found = await resolve(name, cancellationToken);
            }
            catch (SocketException e)
            {
                results.Add(new CheckResult($"DNS {name}", false, $"does not resolve ({e.SocketErrorCode})",
                    $"Add the DNS record {name} {suggestion} at your DNS provider{(name == domain ? "" : $" (or a CNAME to {domain})")}, wait for it to propagate, then run `snikket check` again."));
                continue;
            }

            if (found.Length == 0)
            {
                results.Add(new CheckResult($"DNS {name}", false, "has no A or AAAA record",
                    $"Add the DNS record {name} {suggestion} at your DNS provider, then run `snikket check` again."));
                continue;
            }

            var elsewhere = found.Select(Normalize).Where(a => !ours.Contains(a)).Distinct().ToList();
            if (elsewhere.Count == 0)
            {
                results.Add(new CheckResult($"DNS {name}", true, $"points at this host ({string.Join(", ", found.Select(a => a.ToString()))})"));
            }
            else
            {
                results.Add(new CheckResult($"DNS {name}", false,
                    $"points at {string.Join(", ", elsewhere)}, which is not this host ({string.Join(", ", hostAddresses)})",
                    $"Set the DNS record {name} {suggestion} and remove the others. If this host is behind NAT, pass its public address: `snikket check --public-address ADDRESS`."));
            }
        }

        return results;
    }

    // An IPv4-mapped IPv6 address is the same host as its IPv4 form.
    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
