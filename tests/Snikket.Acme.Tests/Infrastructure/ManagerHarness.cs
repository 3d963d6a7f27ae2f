using Snikket.Configuration;

namespace Snikket.Acme.Tests.Infrastructure;

/// <summary>
/// A certificate manager for one test: its own data directory and domain, the appliance's paths
/// (from <see cref="CertificateManagerOptions.FromSnikket"/>), pebble as CA and a shifted clock.
/// </summary>
internal sealed class ManagerHarness : IDisposable
{
    private static int _counter;
    private readonly TempDirectory _data = new();
    private readonly HttpClient _http;
    private readonly ITestOutputHelper _output;

    public ManagerHarness(PebbleServer pebble, ITestOutputHelper output, Func<CertificateManagerOptions, CertificateManagerOptions>? adjust = null)
    {
        _output = output;
        Domain = $"chat{Interlocked.Increment(ref _counter)}-{Guid.NewGuid().ToString("N")[..6]}.example.com";
        Snikket = new SnikketOptions { Domain = Domain, AdminEmail = "admin@example.com", DataDir = _data.Path, AcmeDirectory = pebble.DirectoryUrl };
        var options = CertificateManagerOptions.FromSnikket(Snikket) with
        {
            Webroot = pebble.Webroot.Root,
            Client = new AcmeClientOptions { PollTimeout = TimeSpan.FromSeconds(20) },
        };
        Options = adjust is null ? options : adjust(options);
        _http = pebble.CreateHttpClient();
        Manager = new CertificateManager(Options, _http, Time, new TestLogger<CertificateManager>(output));
    }

    public string Domain { get; }

    public SnikketOptions Snikket { get; }

    public CertificateManagerOptions Options { get; }

    public ShiftedTime Time { get; } = new();

    public CertificateManager Manager { get; }

    public string DataDir => _data.Path;

    public async Task<CertificateStatus> RunAsync()
    {
        var status = await Manager.RunOnceAsync(force: false, CancellationToken.None);
        _output.WriteLine($"status: {status.State}, next {status.NextAttempt:u}, error: {status.LastError}");
        return status;
    }

    public void Dispose()
    {
        _http.Dispose();
        _data.Dispose();
    }
}
