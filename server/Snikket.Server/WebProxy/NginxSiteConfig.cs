using System.Globalization;
using System.Text;

namespace Snikket.Server.WebProxy;

/// <summary>
/// Renders the compose bundle's nginx site (an <c>http</c>-context include): HTTP on the HTTP port
/// answers ACME http-01 challenges (RFC 8555 §8.3) from the certificate service's webroot and
/// otherwise redirects to HTTPS, or shows the "starting" page while only the placeholder
/// certificate exists; HTTPS serves the portal for the domain with TLS 1.2/1.3 only. The proxy
/// image defines <c>$snikket_certificate_ready</c> and the starting page (compose/proxy/).
/// </summary>
/// <param name="Domain">The service domain in ASCII form (nginx matches host names byte for byte).</param>
/// <param name="CertificatePath">The full-chain PEM certificate the server and coturn use too.</param>
/// <param name="KeyPath">Its PEM private key.</param>
/// <param name="Webroot">The directory holding <c>.well-known/acme-challenge/</c>.</param>
/// <param name="Proxy">Ports and the portal's address.</param>
/// <param name="ListenIPv6">Whether to listen on IPv6 too (not when the host has no IPv6: nginx would fail to start).</param>
internal sealed record NginxSiteConfig(string Domain, string CertificatePath, string KeyPath, string Webroot, WebProxySettings Proxy, bool ListenIPv6)
{
    public string Render()
    {
        var portal = Proxy.Portal.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{Proxy.Portal.Address}]:{Proxy.Portal.Port}"
            : Proxy.Portal.ToString();
        var text = new StringBuilder();
        Line(text, "# Written by the Snikket server at start-up from snikket.conf; edits are overwritten.");
        Line(text, "# The proxy image's nginx.conf includes it (compose/proxy/README.md explains the choices).");
        Line(text, string.Empty);
        Line(text, "# Another reverse proxy on this host (SNIKKET_TWEAK_HTTP_PORT/HTTPS_PORT moved ours aside) is");
        Line(text, "# believed about the client's address and scheme; nobody else is.");
        Line(text, "set_real_ip_from 127.0.0.1;");
        Line(text, "set_real_ip_from ::1;");
        Line(text, "real_ip_header X-Forwarded-For;");
        Line(text, "real_ip_recursive on;");
        Line(text, "map $realip_remote_addr $snikket_from_loopback { 127.0.0.1 1; ::1 1; default 0; }");
        Line(text, "map \"$snikket_from_loopback:$http_x_forwarded_proto\" $snikket_forwarded_https { \"1:https\" 1; default 0; }");
        Line(text, string.Empty);
        Line(text, "upstream snikket_portal {");
        Line(text, $"    server {portal};");
        Line(text, "    keepalive 8;");
        Line(text, "}");
        Line(text, string.Empty);
        Line(text, "server {");
        Listen(text, Proxy.HttpPort, tls: false);
        Line(text, "    server_name _;");
        Line(text, "    location /.well-known/acme-challenge/ {");
        Line(text, $"        root {Webroot};");
        Line(text, "        default_type text/plain;");
        Line(text, "    }");
        Line(text, "    location / {");
        Line(text, "        # Already HTTPS in front of us (an operator's reverse proxy): serve, do not redirect.");
        Line(text, "        error_page 418 = @portal;");
        Line(text, "        if ($snikket_forwarded_https) { return 418; }");
        Line(text, "        # Until a trusted certificate exists, a redirect would only lead to a browser warning.");
        Line(text, "        if ($snikket_certificate_ready = 0) { return 503; }");
        Line(text, "        return 301 https://$host$request_uri;");
        Line(text, "    }");
        Line(text, "    location @portal {");
        PortalProxy(text, "$http_x_forwarded_proto");
        Line(text, "    }");
        StartingPage(text);
        Line(text, "}");
        Line(text, string.Empty);
        Line(text, "server {");
        Listen(text, Proxy.HttpsPort, tls: true);
        Line(text, $"    server_name {Domain};");
        Tls(text);
        Line(text, "    location / {");
        PortalProxy(text, "https");
        Line(text, "    }");
        StartingPage(text);
        Line(text, "}");
        Line(text, string.Empty);
        Line(text, "# groups. and share. are on the certificate for XMPP; they have no web pages (yet).");
        Line(text, "server {");
        Listen(text, Proxy.HttpsPort, tls: true, defaultServer: true);
        Line(text, "    server_name _;");
        Tls(text);
        Line(text, "    return 404;");
        Line(text, "}");
        return text.ToString();
    }

    private void Listen(StringBuilder text, int port, bool tls, bool defaultServer = false)
    {
        var options = (tls ? " ssl http2" : "") + (defaultServer ? " default_server" : "");
        Line(text, $"    listen {port.ToString(CultureInfo.InvariantCulture)}{options};");
        if (ListenIPv6)
        {
            Line(text, $"    listen [::]:{port.ToString(CultureInfo.InvariantCulture)}{options};");
        }
    }

    private void Tls(StringBuilder text)
    {
        Line(text, $"    ssl_certificate {CertificatePath};");
        Line(text, $"    ssl_certificate_key {KeyPath};");
        Line(text, "    # TLS 1.2 with forward-secret AEAD suites only, and TLS 1.3 (whose suites are all fine).");
        Line(text, "    ssl_protocols TLSv1.2 TLSv1.3;");
        Line(text, "    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
            + "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;");
        Line(text, "    ssl_prefer_server_ciphers off;");
        Line(text, "    ssl_session_cache shared:snikket:1m;");
        Line(text, "    ssl_session_timeout 1d;");
        Line(text, "    ssl_session_tickets off;");
        Line(text, "    add_header Strict-Transport-Security \"max-age=63072000\" always;");
    }

    private static void PortalProxy(StringBuilder text, string scheme)
    {
        Line(text, "        proxy_pass http://snikket_portal;");
        Line(text, "        proxy_http_version 1.1;");
        Line(text, "        proxy_set_header Connection \"\";");
        Line(text, "        proxy_set_header Host $host;");
        Line(text, "        # One address, the client's as nginx resolved it, so the portal's rate limits see people, not us.");
        Line(text, "        proxy_set_header X-Forwarded-For $remote_addr;");
        Line(text, $"        proxy_set_header X-Forwarded-Proto {scheme};");
    }

    private static void StartingPage(StringBuilder text)
    {
        Line(text, "    error_page 502 503 504 /snikket-starting.html;");
        Line(text, "    location = /snikket-starting.html {");
        Line(text, "        internal;");
        Line(text, "        root /usr/share/snikket-proxy;");
        Line(text, "        add_header Retry-After 30 always;");
        Line(text, "        add_header Cache-Control no-store always;");
        Line(text, "    }");
    }

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
