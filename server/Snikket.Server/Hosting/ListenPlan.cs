using System.Net;

namespace Snikket.Server.Hosting;

/// <summary>Where to listen; no client addresses means every interface; port 0 asks the OS for a free port (tests).</summary>
internal sealed record ListenPlan(
    IReadOnlyList<IPAddress> ClientAddresses,
    int ClientPort,
    int ClientDirectTlsPort,
    IReadOnlyList<IPAddress> InternalHttpAddresses,
    int InternalHttpPort);
