using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Snikket.Configuration;
using Snikket.Server.Hosting;

namespace Snikket.Server.WebProxy;

/// <summary>
/// Writes the web proxy's nginx site into the data directory at start-up (<c>proxy/nginx-site.conf</c>),
/// where the compose <c>proxy</c> service reads it from the shared data volume. The server writes it
/// for the same reason as coturn's file: it alone has the parsed settings (ASCII domain, the
/// operator's certificate paths, ports), so the proxy image holds no copy of their defaults.
/// </summary>
internal static partial class WebProxyConfigWriter
{
    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "proxy", "nginx-site.conf");

    public static void Write(ServerSettings settings, ILogger logger)
    {
        var config = new NginxSiteConfig(
            new IdnMapping().GetAscii(settings.Domain),
            Path.GetFullPath(settings.CertificatePath),
            Path.GetFullPath(settings.KeyPath),
            Path.GetFullPath(settings.WebProxy.Webroot, settings.DataDirectory),
            settings.WebProxy,
            HostListensOnIPv6());
        var path = PathIn(settings.DataDirectory);
        // Paths and ports only, no secret: nginx's workers may read it.
        AtomicFile.Write(path, System.Text.Encoding.UTF8.GetBytes(config.Render()), ownerOnly: false);
        Log.Written(logger, path);
    }

    /// <summary>
    /// The proxy shares this host's network (host networking), so what works here works there. A
    /// kernel without IPv6 makes nginx fail on <c>listen [::]</c>, so it is tried, not assumed.
    /// </summary>
    private static bool HostListensOnIPv6()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return false;
        }

        try
        {
            using var probe = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Wrote the web proxy's configuration to {Path}")]
        public static partial void Written(ILogger logger, string path);
    }
}
