namespace Snikket.Server.IntegrationTests.Turn;

/// <summary>How a client reaches the TURN server: the three XEP-0215 entries the appliance advertises.</summary>
public enum TurnTransport
{
    Udp,
    Tcp,
    Tls,
}
