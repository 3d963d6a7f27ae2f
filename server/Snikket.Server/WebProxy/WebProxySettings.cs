using System.Net;

namespace Snikket.Server.WebProxy;

/// <summary>
/// What the compose bundle's nginx needs to know: the public ports (<c>SNIKKET_TWEAK_HTTP_PORT</c>,
/// <c>SNIKKET_TWEAK_HTTPS_PORT</c>), where the portal listens and the ACME webroot it serves. The
/// certificate paths and the domain come from <see cref="Hosting.ServerSettings"/> itself.
/// </summary>
internal sealed record WebProxySettings
{
    public int HttpPort { get; init; } = 80;

    public int HttpsPort { get; init; } = 443;

    /// <summary>The portal's own listener, which the proxy forwards the domain's pages to.</summary>
    public IPEndPoint Portal { get; init; } = new(IPAddress.Loopback, 5765);

    /// <summary>The http-01 webroot (<see cref="Snikket.Configuration.SnikketOptions.AcmeWebroot"/>).</summary>
    public string Webroot { get; init; } = "acme/webroot";
}
