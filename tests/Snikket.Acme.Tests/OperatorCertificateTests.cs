using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Snikket.Acme.Tests.Infrastructure;
using Snikket.Configuration;

namespace Snikket.Acme.Tests;

/// <summary>Operator-provided certificates (SNIKKET_TWEAK_TLS_CERTIFICATE/KEY): checked and reported, no ACME.</summary>
public sealed class OperatorCertificateTests(ITestOutputHelper output) : IDisposable
{
    private const string Domain = "chat.example.com";
    private readonly TempDirectory _data = new();
    private readonly HttpClient _http = new(new ThrowingHandler());

    [Fact]
    public async Task A_usable_operator_certificate_is_reported_without_contacting_any_CA()
    {
        var manager = Manager(WriteCertificate([Domain, "groups." + Domain, "share." + Domain], TimeSpan.FromDays(30)));

        var status = await manager.RunOnceAsync(force: true, CancellationToken.None);

        Assert.Equal(CertificateState.OperatorProvided, status.State);
        Assert.Null(status.LastError);
        Assert.False(File.Exists(manager.Options.AccountKeyPath));
    }

    [Fact]
    public async Task An_operator_certificate_missing_a_name_is_reported_with_the_names_it_needs()
    {
        var manager = Manager(WriteCertificate([Domain, "groups." + Domain], TimeSpan.FromDays(30)));

        var status = await manager.RunOnceAsync(force: false, CancellationToken.None);

        Assert.Equal(CertificateState.OperatorProblem, status.State);
        Assert.Contains("does not cover share.chat.example.com", status.LastError, StringComparison.Ordinal);
        Assert.Contains("or remove SNIKKET_TWEAK_TLS_CERTIFICATE and SNIKKET_TWEAK_TLS_KEY", status.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_operator_certificate_is_reported_as_expired()
    {
        var manager = Manager(WriteCertificate([Domain, "groups." + Domain, "share." + Domain], TimeSpan.FromDays(-1)));

        var status = await manager.RunOnceAsync(force: false, CancellationToken.None);

        Assert.Equal(CertificateState.OperatorProblem, status.State);
        Assert.Contains("expired at", status.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_operator_certificate_file_names_the_settings_to_fix()
    {
        var manager = Manager((Path.Combine(_data.Path, "nope.crt"), Path.Combine(_data.Path, "nope.key")));

        var status = await manager.RunOnceAsync(force: false, CancellationToken.None);

        Assert.Equal(CertificateState.OperatorProblem, status.State);
        Assert.Contains("nope.crt", status.LastError, StringComparison.Ordinal);
        Assert.Contains("the file does not exist", status.LastError, StringComparison.Ordinal);
        Assert.Contains("Fix the files named by SNIKKET_TWEAK_TLS_CERTIFICATE", status.LastError, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _http.Dispose();
        _data.Dispose();
    }

    private CertificateManager Manager((string Certificate, string Key) files)
    {
        var snikket = new SnikketOptions
        {
            Domain = Domain,
            AdminEmail = "admin@example.com",
            DataDir = _data.Path,
            TlsCertificate = files.Certificate,
            TlsKey = files.Key,
        };
        var options = CertificateManagerOptions.FromSnikket(snikket);
        Assert.True(options.OperatorProvided);
        return new CertificateManager(options, _http, TimeProvider.System, new TestLogger<CertificateManager>(output));
    }

    private (string Certificate, string Key) WriteCertificate(string[] names, TimeSpan validFor)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + names[0], key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            san.AddDnsName(name);
        }

        request.CertificateExtensions.Add(san.Build());
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-2), now + validFor);
        var paths = (Path.Combine(_data.Path, "operator.crt"), Path.Combine(_data.Path, "operator.key"));
        File.WriteAllText(paths.Item1, certificate.ExportCertificatePem());
        File.WriteAllText(paths.Item2, key.ExportPkcs8PrivateKeyPem());
        return paths;
    }

    /// <summary>Fails any request: operator mode must not talk to a CA.</summary>
    private sealed class ThrowingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"Operator mode sent a request to {request.RequestUri}.");
    }
}
