using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Snikket.Server.Hosting;
using Snikket.Server.WebProxy;

namespace Snikket.Server.Tests.WebProxy;

public sealed class WebProxyConfigWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("snikket-proxy-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_site_serves_the_domain_with_the_servers_certificate_and_the_acme_webroot()
    {
        var text = await WriteAsync(Settings());

        Assert.Contains("\n    server_name chat.example.com;\n", text, StringComparison.Ordinal);
        Assert.Contains($"\n    ssl_certificate {Path.Combine(_directory, "certs", "chat.example.com.crt")};\n", text, StringComparison.Ordinal);
        Assert.Contains($"\n    ssl_certificate_key {Path.Combine(_directory, "certs", "chat.example.com.key")};\n", text, StringComparison.Ordinal);
        Assert.Contains($"\n        root {Path.Combine(_directory, "acme", "webroot")};\n", text, StringComparison.Ordinal);
        Assert.Contains("\n    listen 80;\n", text, StringComparison.Ordinal);
        Assert.Contains("\n    listen 443 ssl http2;\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Moved_ports_and_portal_address_are_what_nginx_uses()
    {
        var settings = Settings() with
        {
            WebProxy = new WebProxySettings { HttpPort = 8080, HttpsPort = 8443, Portal = new IPEndPoint(IPAddress.IPv6Loopback, 6000), Webroot = Path.Combine(_directory, "acme", "webroot") },
        };

        var text = await WriteAsync(settings);

        Assert.Contains("\n    listen 8080;\n", text, StringComparison.Ordinal);
        Assert.Contains("\n    listen 8443 ssl http2;\n", text, StringComparison.Ordinal);
        Assert.Contains("\n    server [::1]:6000;\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("listen 80;", text, StringComparison.Ordinal);
        Assert.DoesNotContain("listen 443", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_international_domain_is_written_in_its_ascii_form()
    {
        var settings = Settings() with { Domain = "bücher.example" };

        var text = await WriteAsync(settings);

        Assert.Contains("\n    server_name xn--bcher-kva.example;\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forwarded_headers_are_believed_from_loopback_only()
    {
        var text = await WriteAsync(Settings());

        var trusted = text.Split('\n').Where(l => l.StartsWith("set_real_ip_from ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["set_real_ip_from 127.0.0.1;", "set_real_ip_from ::1;"], trusted);
    }

    [Fact]
    public async Task A_rewrite_replaces_the_file_whole()
    {
        await WriteAsync(Settings() with { WebProxy = new WebProxySettings { HttpPort = 8080 } });

        var text = await WriteAsync(Settings());

        Assert.DoesNotContain("8080", text, StringComparison.Ordinal);
        Assert.False(File.Exists(WebProxyConfigWriter.PathIn(_directory) + ".new"));
        Assert.Equal(["nginx-site.conf"], Directory.GetFiles(Path.Combine(_directory, "proxy")).Select(Path.GetFileName));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Nginx_workers_may_read_the_file_but_not_change_it()
    {
        await WriteAsync(Settings());

        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            File.GetUnixFileMode(WebProxyConfigWriter.PathIn(_directory)));
    }

    private async Task<string> WriteAsync(ServerSettings settings)
    {
        WebProxyConfigWriter.Write(settings, NullLogger.Instance);
        return await File.ReadAllTextAsync(WebProxyConfigWriter.PathIn(_directory));
    }

    private ServerSettings Settings() => TestServerSettings.In(_directory);
}
