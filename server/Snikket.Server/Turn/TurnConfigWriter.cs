using System.Net;
using System.Net.Sockets;
using Snikket.Configuration;
using Snikket.Server.Hosting;

namespace Snikket.Server.Turn;

/// <summary>
/// Writes coturn's configuration into the data directory at start-up (<c>turn/turnserver.conf</c>),
/// where the compose <c>snikket_turn</c> service reads it from the shared data volume. The server
/// writes it because it owns the shared secret and the certificate paths; coturn needs no .NET.
/// </summary>
internal static partial class TurnConfigWriter
{
    private static readonly TimeSpan DnsTimeout = TimeSpan.FromSeconds(5);

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "turn", "turnserver.conf");

    public static async Task WriteAsync(ServerSettings settings, ILogger logger, CancellationToken ct)
    {
        var publicAddress = settings.Turn.InternalAddress is { } internalAddress
            ? await PublicAddressAsync(settings.Domain, internalAddress, logger, ct)
            : null;
        var config = new TurnServerConfig(
            settings.Domain,
            TurnSecret.Read(settings.DataDirectory),
            Path.GetFullPath(settings.CertificatePath),
            Path.GetFullPath(settings.KeyPath),
            Path.GetFullPath(Path.Combine(settings.DataDirectory, "turn", "turndb")),
            settings.Turn,
            publicAddress);

        var path = PathIn(settings.DataDirectory);
        // The file holds the shared secret: readable by the server's user only, which the TURN
        // container runs as (it reads the TLS key under the same rule).
        AtomicFile.Write(path, System.Text.Encoding.UTF8.GetBytes(config.Render()), ownerOnly: true);
        Log.Written(logger, path);
    }

    /// <summary>
    /// Behind NAT coturn must announce the public address in relayed candidates. Like Snikket, take
    /// it from the domain's DNS (A for an IPv4 internal address, AAAA for IPv6): the address clients
    /// reach us at is the one they must send media to.
    /// </summary>
    private static async Task<IPAddress?> PublicAddressAsync(string domain, IPAddress internalAddress, ILogger logger, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(DnsTimeout);
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(domain, internalAddress.AddressFamily, timeout.Token);
            if (addresses.FirstOrDefault(a => !DeniedPeerRanges.Contains(a)) is { } found)
            {
                return found;
            }
        }
        catch (SocketException)
        {
            // No such name, or no record of the family: reported below.
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The resolver did not answer in time: reported below.
        }

        Log.NoPublicAddress(logger, internalAddress, domain, internalAddress.AddressFamily == AddressFamily.InterNetworkV6 ? "AAAA" : "A");
        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Wrote the TURN server's configuration to {Path}")]
        public static partial void Written(ILogger logger, string path);

        [LoggerMessage(2, LogLevel.Warning,
            "SNIKKET_TWEAK_TURNSERVER_INTERNAL_IP is {InternalAddress}, but DNS gives no public address for {Domain}, so the TURN server "
            + "cannot tell callers its public address and relayed calls will likely fail. Give {Domain} an {RecordType} record with this "
            + "server's public address, or remove SNIKKET_TWEAK_TURNSERVER_INTERNAL_IP if the server holds its public address itself; then restart.")]
        public static partial void NoPublicAddress(ILogger logger, IPAddress internalAddress, string domain, string recordType);
    }
}
