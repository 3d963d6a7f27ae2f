using System.Net;
using System.Net.Sockets;
using Snikket.Installer.Checks;

namespace Snikket.Installer.Tests.Checks;

public sealed class PortCheckTests
{
    [Fact]
    public void A_port_another_program_listens_on_fails_with_how_to_find_it()
    {
        using var listener = new TcpListener(IPAddress.IPv6Any, 0);
        listener.Server.DualMode = true;
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var result = Assert.Single(PortCheck.Run([(port, "test", false)]));

        Assert.False(result.Ok);
        Assert.StartsWith("in use (TCP)", result.Finding, StringComparison.Ordinal);
        Assert.Contains($"ss -lntup 'sport = :{port}'", result.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_udp_port_in_use_fails_when_udp_is_needed()
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.IPv6Any, 0));
        var port = ((IPEndPoint)udp.Client.LocalEndPoint!).Port;

        var result = Assert.Single(PortCheck.Run([(port, "turn", true)]));

        Assert.False(result.Ok);
        Assert.StartsWith("in use (UDP)", result.Finding, StringComparison.Ordinal);
    }

    [Fact]
    public void A_free_port_passes()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var result = Assert.Single(PortCheck.Run([(port, "test", true)]));

        Assert.True(result.Ok, result.Finding);
    }
}
