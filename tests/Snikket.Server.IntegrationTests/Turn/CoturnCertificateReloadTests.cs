using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Snikket.Server.Tls;

namespace Snikket.Server.IntegrationTests.Turn;

/// <summary>
/// TURN over TLS serves the certificate files the server uses, and a renewal reaches coturn
/// without a restart: new files in place, SIGUSR2, and the next handshake presents the new
/// certificate. A class of its own, as it replaces the fixture's certificate.
/// </summary>
public sealed class CoturnCertificateReloadTests(CoturnFixture coturn) : IClassFixture<CoturnFixture>
{
    [Fact]
    public async Task A_renewed_certificate_is_served_after_sigusr2()
    {
        var before = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(coturn.CertificatePath)).GetCertHashString();
        Assert.Equal(before, await PresentedAsync(before));
        var settings = coturn.Settings;

        SelfSignedCertificate.Write(settings.Domain, settings.CertificatePath, settings.KeyPath, TimeProvider.System);
        await coturn.ReloadCertificatesAsync();

        var renewed = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(coturn.CertificatePath)).GetCertHashString();
        Assert.NotEqual(before, renewed);
        // The signal is handled asynchronously: poll the handshake for a short while.
        var clock = Stopwatch.StartNew();
        var presented = await PresentedAsync(before, renewed);
        while (presented != renewed && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(50);
            presented = await PresentedAsync(before, renewed);
        }

        Assert.Equal(renewed, presented);
    }

    /// <summary>The hash of the certificate coturn presents; the handshake fails on any but <paramref name="known"/>.</summary>
    private async Task<string> PresentedAsync(params string[] known)
    {
        using var tcp = new TcpClient(AddressFamily.InterNetwork);
        await tcp.ConnectAsync(coturn.TlsEndPoint);
        await using var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
            certificate is not null && known.Contains(certificate.GetCertHashString()));
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = coturn.Settings.Domain });
        return ssl.RemoteCertificate!.GetCertHashString();
    }
}
