using System.CommandLine;
using System.Net;
using System.Net.NetworkInformation;
using Snikket.Configuration;
using Snikket.Installer.Checks;
using Snikket.Installer.Docker;

namespace Snikket.Installer.Commands;

/// <summary>
/// <c>snikket check</c>: the doctor. Reads snikket.conf, then checks DNS for the three names, the
/// ports the appliance needs and the Docker engine, printing for every failed item exactly what to
/// do. Exits 1 when anything needs fixing.
/// </summary>
internal static class CheckCommand
{
    private static readonly Option<string[]> PublicAddress = new("--public-address")
    {
        Description = "This host's public address as DNS should show it (repeat for IPv4 and IPv6); default: the addresses of its interfaces. Needed behind NAT.",
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<bool> SkipPorts = new("--skip-ports") { Description = "Do not test the ports (e.g. while the stack runs)." };

    public static Command Build()
    {
        var command = new Command("check", "Check snikket.conf, DNS, free ports and Docker, and say what to fix.") { PublicAddress, SkipPorts };
        command.SetAction(async (parse, ct) =>
        {
            var addresses = new List<IPAddress>();
            foreach (var text in parse.GetValue(PublicAddress) ?? [])
            {
                if (!IPAddress.TryParse(text, out var address))
                {
                    await Console.Error.WriteLineAsync($"--public-address {text} is not an IP address; write e.g. 203.0.113.7 or 2001:db8::7.");
                    return InstallerCommandLine.Usage;
                }

                addresses.Add(address);
            }

            using var docker = new DockerClient(DockerClient.SocketFromEnvironment());
            var results = await RunAsync(
                parse.GetValue(InstallerCommandLine.Config)!,
                addresses.Count > 0 ? addresses : HostAddresses(),
                parse.GetValue(SkipPorts) ? [] : PortCheck.Needed,
                new DnsCheck(Dns.GetHostAddressesAsync),
                docker,
                ct);
            await PrintAsync(results, Console.Out);
            return results.All(r => r.Ok) ? 0 : InstallerCommandLine.Problem;
        });
        return command;
    }

    /// <summary>Runs every check; DNS is skipped (and reported) when the configuration has no usable domain.</summary>
    public static async Task<IReadOnlyList<CheckResult>> RunAsync(
        string configPath,
        IReadOnlyCollection<IPAddress> hostAddresses,
        IEnumerable<(int Port, string Use, bool Udp)> ports,
        DnsCheck dns,
        DockerClient docker,
        CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>();
        string? domain = null;
        if (!File.Exists(configPath))
        {
            results.Add(new CheckResult("snikket.conf", false, $"{configPath} does not exist", "Run `snikket init` to write it (or pass --config PATH)."));
        }
        else
        {
            try
            {
                domain = SnikketConfigLoader.Load(configPath, new Dictionary<string, string>()).Domain;
                results.Add(new CheckResult("snikket.conf", true, $"valid, domain {domain}"));
            }
            catch (SnikketConfigException e)
            {
                results.Add(new CheckResult("snikket.conf", false, "has problems", $"{e.Message}\nFix these lines in {configPath}."));
            }
        }

        if (domain is not null)
        {
            results.AddRange(await dns.RunAsync(domain, hostAddresses, cancellationToken));
        }

        results.AddRange(PortCheck.Run(ports));
        results.Add(await DockerCheck.RunAsync(docker, cancellationToken));
        return results;
    }

    /// <summary>Prints one line per item, and under each failed item what to do.</summary>
    public static async Task PrintAsync(IEnumerable<CheckResult> results, TextWriter output)
    {
        var failed = 0;
        foreach (var result in results)
        {
            await output.WriteLineAsync($"{(result.Ok ? "ok  " : "FAIL")}  {result.Item}: {result.Finding}");
            if (!result.Ok)
            {
                failed++;
                foreach (var line in (result.Fix ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    await output.WriteLineAsync($"      -> {line}");
                }
            }
        }

        await output.WriteLineAsync(failed == 0 ? "Everything looks good: run `snikket up`." : $"{failed} item(s) need fixing; see the arrows above, then run `snikket check` again.");
    }

    /// <summary>The unicast addresses of this host's interfaces that are up, leaving out Docker's own bridges.</summary>
    public static IReadOnlyList<IPAddress> HostAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown)
            .Where(i => !i.Name.StartsWith("docker", StringComparison.Ordinal) && !i.Name.StartsWith("br-", StringComparison.Ordinal) && !i.Name.StartsWith("veth", StringComparison.Ordinal))
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .ToList();
}
