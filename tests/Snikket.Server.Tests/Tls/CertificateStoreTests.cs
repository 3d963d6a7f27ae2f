using Microsoft.Extensions.Logging.Abstractions;
using Snikket.Server.Tls;

namespace Snikket.Server.Tests.Tls;

public sealed class CertificateStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("snikket-cert-").FullName;
    private readonly ManualTimeProvider _time = new(DateTimeOffset.Parse("2026-11-22T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private string CertificatePath => Path.Combine(_directory, "d.crt");

    private string KeyPath => Path.Combine(_directory, "d.key");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_renewed_certificate_is_picked_up_after_the_check_interval()
    {
        SelfSignedCertificate.Write("example.org", CertificatePath, KeyPath, _time);
        var store = new CertificateStore(CertificatePath, KeyPath, _time, NullLogger<CertificateStore>.Instance);
        var first = store.Current;

        SelfSignedCertificate.Write("example.org", CertificatePath, KeyPath, _time);
        File.SetLastWriteTimeUtc(CertificatePath, DateTime.UtcNow.AddMinutes(1));
        var beforeInterval = store.Current;
        _time.Advance(CertificateStore.CheckInterval + TimeSpan.FromSeconds(1));
        var after = store.Current;

        Assert.Same(first, beforeInterval);
        Assert.NotEqual(first.Certificate.Thumbprint, after.Certificate.Thumbprint);
        Assert.NotEqual(first.ChannelBinding, after.ChannelBinding);
    }

    [Fact]
    public void A_half_written_renewal_keeps_the_previous_certificate()
    {
        SelfSignedCertificate.Write("example.org", CertificatePath, KeyPath, _time);
        var store = new CertificateStore(CertificatePath, KeyPath, _time, NullLogger<CertificateStore>.Instance);
        var first = store.Current;

        File.WriteAllText(CertificatePath, "-----BEGIN CERTIFICATE-----\ntruncated");
        File.SetLastWriteTimeUtc(CertificatePath, DateTime.UtcNow.AddMinutes(1));
        _time.Advance(CertificateStore.CheckInterval + TimeSpan.FromSeconds(1));

        Assert.Equal(first.Certificate.Thumbprint, store.Current.Certificate.Thumbprint);
    }

    [Fact]
    public void The_generated_certificate_names_the_service_subdomains()
    {
        SelfSignedCertificate.Write("example.org", CertificatePath, KeyPath, _time);

        var certificate = new CertificateStore(CertificatePath, KeyPath, _time, NullLogger<CertificateStore>.Instance).Current.Certificate;

        Assert.True(certificate.MatchesHostname("example.org"));
        Assert.True(certificate.MatchesHostname("groups.example.org"));
        Assert.True(certificate.MatchesHostname("share.example.org"));
        Assert.False(certificate.MatchesHostname("other.example.org"));
    }
}
