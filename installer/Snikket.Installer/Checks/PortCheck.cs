using System.Net;
using System.Net.Sockets;

namespace Snikket.Installer.Checks;

/// <summary>
/// Checks that the ports the appliance listens on are free on this host: 80/443 (web, ACME
/// http-01), 5222/5223 (clients, RFC 6120 and XEP-0368), 5269 (servers), 3478/5349 (STUN/TURN,
/// RFC 8489/8656, TCP and UDP). Binding is the only reliable test.
/// </summary>
internal static class PortCheck
{
    /// <summary>The ports the appliance needs, with what each is for.</summary>
    public static IReadOnlyList<(int Port, string Use, bool Udp)> Needed { get; } =
    [
        (80, "web and certificate requests", false),
        (443, "web (HTTPS)", false),
        (5222, "XMPP clients", false),
        (5223, "XMPP clients (direct TLS)", false),
        (5269, "other XMPP servers", false),
        (3478, "STUN/TURN for calls", true),
        (5349, "TURN over TLS for calls", false),
    ];

    /// <summary>Tries to bind each port (TCP, and UDP where needed) on every interface.</summary>
    public static IReadOnlyList<CheckResult> Run(IEnumerable<(int Port, string Use, bool Udp)> ports)
    {
        var results = new List<CheckResult>();
        foreach (var (port, use, udp) in ports)
        {
            var problem = TryBind(port, SocketType.Stream, ProtocolType.Tcp) ?? (udp ? TryBind(port, SocketType.Dgram, ProtocolType.Udp) : null);
            results.Add(problem is null
                ? new CheckResult($"port {port}", true, $"free ({use})")
                : new CheckResult($"port {port}", false, $"{problem} ({use})",
                    problem.StartsWith("in use", StringComparison.Ordinal)
                        ? $"Find the program with `ss -lntup 'sport = :{port}'` and stop it or move it to another port. If it is an old Snikket stack, run `snikket down` first. Behind an existing web server, see SNIKKET_TWEAK_HTTP_PORT in compose/README.md."
                        : $"Run `snikket check` as root (ports below 1024 need it) to test port {port}."));
        }

        return results;
    }

    private static string? TryBind(int port, SocketType type, ProtocolType protocol)
    {
        using var socket = new Socket(AddressFamily.InterNetworkV6, type, protocol) { DualMode = true };
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
            if (type == SocketType.Stream)
            {
                socket.Listen(1);
            }

            return null;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return $"in use ({(protocol == ProtocolType.Udp ? "UDP" : "TCP")})";
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AccessDenied)
        {
            return "could not be tested: binding it needs root";
        }
    }
}
