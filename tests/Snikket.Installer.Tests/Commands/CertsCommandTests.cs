using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Snikket.Installer.Commands;

namespace Snikket.Installer.Tests.Commands;

/// <summary>
/// <c>snikket certs</c> as the compose service starts it: settings from the environment. Issuing
/// from a CA is tested against pebble in tests/Snikket.Acme.Tests and, through this command in
/// its container, in tests/Compose; here the paths that need no CA.
/// </summary>
public sealed class CertsCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("snikket-certs-").FullName;
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
        _output.Dispose();
        _error.Dispose();
    }

    [Fact]
    public async Task A_bad_setting_stops_it_with_the_configuration_error()
    {
        var rc = await RunAsync(new() { ["SNIKKET_DOMAIN"] = "chat.example.com", ["SNIKKET_ADMIN_EMAIL"] = "not an address" });

        Assert.Equal(InstallerCommandLine.Usage, rc);
        Assert.Contains("SNIKKET_ADMIN_EMAIL", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_with_a_good_operator_certificate_reports_it_and_succeeds()
    {
        var environment = OperatorCertificate("chat.example.com", DateTimeOffset.UtcNow.AddDays(60));

        var rc = await RunAsync(environment, once: true);

        Assert.Equal(0, rc);
        Assert.Contains("Operator-provided certificate", _output.ToString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_directory, "data", "certs", "status.json")));
    }

    [Fact]
    public async Task Once_with_an_operator_certificate_for_other_names_fails_saying_which()
    {
        var environment = OperatorCertificate("other.example.net", DateTimeOffset.UtcNow.AddDays(60));

        var rc = await RunAsync(environment, once: true);

        Assert.Equal(InstallerCommandLine.Problem, rc);
        Assert.Contains("does not cover chat.example.com", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_service_stops_cleanly_on_sigterm_as_docker_stop_sends_it()
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "snikket.dll"));
        start.ArgumentList.Add("certs");
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(Path.Combine(_directory, "absent.conf"));
        foreach (var (key, value) in OperatorCertificate("chat.example.com", DateTimeOffset.UtcNow.AddDays(60)))
        {
            start.Environment[key] = value;
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var statusFile = Path.Combine(_directory, "data", "certs", "status.json");
        for (var waited = 0; !File.Exists(statusFile) && waited < 300; waited++)
        {
            await Task.Delay(100);
        }

        if (!File.Exists(statusFile))
        {
            process.Kill();
            Assert.Fail($"the service did not make its first check in 30 s: {await process.StandardError.ReadToEndAsync()} {await output}");
        }

        Assert.Equal(0, Kill(process.Id, 15));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("Certificate service for chat.example.com", await output, StringComparison.Ordinal);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private Task<int> RunAsync(Dictionary<string, string> environment, bool once = false) =>
        CertsCommand.RunAsync(Path.Combine(_directory, "absent.conf"), environment, once, _output, _error, CancellationToken.None);

    private Dictionary<string, string> OperatorCertificate(string name, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var dns in new[] { name, "groups." + name, "share." + name })
        {
            names.AddDnsName(dns);
        }

        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), notAfter);
        var certificatePath = Path.Combine(_directory, "operator.crt");
        var keyPath = Path.Combine(_directory, "operator.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return new()
        {
            ["SNIKKET_DOMAIN"] = "chat.example.com",
            ["SNIKKET_ADMIN_EMAIL"] = "admin@example.com",
            ["SNIKKET_TWEAK_DATA_DIR"] = Path.Combine(_directory, "data"),
            ["SNIKKET_TWEAK_TLS_CERTIFICATE"] = certificatePath,
            ["SNIKKET_TWEAK_TLS_KEY"] = keyPath,
        };
    }
}
