using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Snikket.Configuration;
using Snikket.Server.Hosting;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Server.Turn;
using Snikket.Xmpp;

namespace Snikket.Server.IntegrationTests.Turn;

/// <summary>
/// Our server and a real coturn started on the configuration the server wrote into its data
/// directory, on free loopback ports, with a logged-in account that asks for TURN credentials over
/// XEP-0215. Shared by the tests of one class: coturn takes a moment to start.
/// </summary>
public sealed class CoturnFixture : IAsyncLifetime
{
    private const string Ns = "urn:xmpp:extdisco:2";

    private TestServer _server = null!;
    private TestClient _alice = null!;
    private CoturnProcess _coturn = null!;
    private string _work = null!;

    internal ServerSettings Settings => _server.Services.GetRequiredService<ServerSettings>();

    internal string CoturnOutput => _coturn.Output;

    public async Task InitializeAsync()
    {
        var port = FreePort();
        var tlsPort = FreePort();
        // A small relay range of its own; coturn skips a port another process holds.
        var minRelay = Random.Shared.Next(50000, 60000);
        _server = await TestServer.StartAsync(DatabaseKind.Sqlite, configure: s => s with
        {
            Turn = new TurnSettings { Port = port, TlsPort = tlsPort, MinRelayPort = minRelay, MaxRelayPort = minRelay + 199 },
        });
        await _server.CreateAccountAsync("alice", "alice password");
        _alice = await _server.LoginAsync("alice", "alice password", "phone");
        _work = Directory.CreateTempSubdirectory("snikket-coturn-").FullName;
        _coturn = await CoturnProcess.StartAsync(TurnConfigWriter.PathIn(Settings.DataDirectory), new IPEndPoint(IPAddress.Loopback, port), _work);
    }

    public async Task DisposeAsync()
    {
        await _coturn.DisposeAsync();
        await _alice.DisposeAsync();
        await _server.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    /// <summary>Asks our server for the services of <paramref name="type"/> (XEP-0215 §3.2) and returns the one on <paramref name="transport"/>.</summary>
    internal async Task<Element> ServiceAsync(string type, string transport)
    {
        var id = "x" + Guid.NewGuid().ToString("N");
        var reply = await _alice.QueryAsync($"<iq type='get' id='{id}' to='localhost'><services xmlns='{Ns}' type='{type}'/></iq>", id);
        return reply.Child("services", Ns)!.Elements("service", Ns).Single(s => s.GetAttribute("transport") == transport);
    }

    internal string CertificatePath => _server.CertificatePath;

    internal IPEndPoint TlsEndPoint => new(IPAddress.Loopback, Settings.Turn.TlsPort);

    internal Task ReloadCertificatesAsync() => _coturn.ReloadCertificatesAsync();

    private static int FreePort()
    {
        // Free for TCP and UDP alike: STUN/TURN listens on both.
        while (true)
        {
            using var tcp = new TcpListener(IPAddress.Loopback, 0);
            tcp.Start();
            var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
            try
            {
                using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken on UDP: try another.
            }
        }
    }
}
