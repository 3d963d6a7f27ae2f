using System.Globalization;
using System.Net;
using Snikket.Configuration;

namespace Snikket.Portal;

/// <summary>
/// What the portal needs to know, derived once from <see cref="SnikketOptions"/> (the same
/// <c>SNIKKET_*</c> keys the server reads). Tests build one directly.
/// </summary>
public sealed record PortalSettings
{
    public required string Domain { get; init; }

    public required string SiteName { get; init; }

    /// <summary>Shown on pages as the place to ask for help.</summary>
    public string? AdminEmail { get; init; }

    public Uri? TosUri { get; init; }

    public Uri? PrivacyUri { get; init; }

    /// <summary>Where the portal keeps its data-protection keys (<c>&lt;data dir&gt;/portal-keys</c>).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Where the certificate service reports (<c>&lt;data dir&gt;/certs/status.json</c>), shown on the system page.</summary>
    public string? CertificateStatusPath { get; init; }

    /// <summary>The server's internal HTTP API, on loopback.</summary>
    public required Uri ApiBaseAddress { get; init; }

    /// <summary>Where people reach this service on the web (invite links, QR codes): <c>https://&lt;domain&gt;</c>.</summary>
    public required Uri PublicBaseUrl { get; init; }

    public IReadOnlyList<IPAddress> ListenAddresses { get; init; } = [IPAddress.Loopback];

    /// <summary>0 lets the OS choose (tests).</summary>
    public int Port { get; init; } = 5765;

    /// <summary>
    /// True when browsers always reach the portal over HTTPS (the compose service behind the web
    /// proxy): cookies get the <c>__Host-</c> prefix. False for the embedded portal, which people
    /// may open as plain <c>http://localhost</c>. Either way a cookie is <c>Secure</c> whenever
    /// the request came over HTTPS (directly or as the proxy reports it).
    /// </summary>
    public bool SecureCookies { get; init; } = true;

    /// <summary>Login attempts one address may make per minute before getting 429.</summary>
    public int LoginPermitsPerMinute { get; init; } = 5;

    /// <summary>Registrations and password resets one address may post per minute.</summary>
    public int RegisterPermitsPerMinute { get; init; } = 5;

    /// <summary>Invite pages one address may open per minute (guessing tokens is pointless at 128 bits; this keeps it so).</summary>
    public int InvitePermitsPerMinute { get; init; } = 30;

    public static PortalSettings From(SnikketOptions options)
    {
        var api = options.InternalHttpInterfaces.Count > 0 ? options.InternalHttpInterfaces[0] : IPAddress.Loopback;
        if (api.Equals(IPAddress.Any))
        {
            api = IPAddress.Loopback;
        }
        else if (api.Equals(IPAddress.IPv6Any))
        {
            api = IPAddress.IPv6Loopback;
        }

        var host = api.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{api}]" : api.ToString();
        var publicPort = options.HttpsPort == 443 ? "" : ":" + options.HttpsPort.ToString(CultureInfo.InvariantCulture);
        return new PortalSettings
        {
            Domain = options.Domain,
            SiteName = options.SiteName,
            AdminEmail = options.AdminEmail,
            TosUri = options.TosUri,
            PrivacyUri = options.PrivacyUri,
            DataDirectory = options.DataDir,
            CertificateStatusPath = Snikket.Acme.CertificateManagerOptions.StatusPathFor(options),
            ApiBaseAddress = new Uri($"http://{host}:{options.InternalHttpPort.ToString(CultureInfo.InvariantCulture)}/"),
            PublicBaseUrl = new Uri($"https://{options.DomainAscii}{publicPort}/"),
            ListenAddresses = options.PortalInternalHttpInterfaces,
            Port = options.PortalInternalHttpPort,
            SecureCookies = !options.PortalEmbedded,
        };
    }
}
