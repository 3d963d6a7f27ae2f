using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;

namespace Snikket.Acme.Tests.Infrastructure;

/// <summary>
/// Debian's <c>pebble</c> ACME test CA with <c>pebble-challtestsrv</c> as its DNS server (every
/// name resolves to 127.0.0.1 unless a test says otherwise), on free loopback ports, and an
/// <see cref="Http01ChallengeServer"/> on pebble's http-01 port serving <see cref="Webroot"/>.
/// Pebble's HTTPS certificate is made here and trusted only by <see cref="CreateHttpClient"/>.
/// Certificates it issues are valid for <see cref="CertificateLifetime"/>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xUnit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public sealed class PebbleServer : IAsyncLifetime
{
    public static readonly TimeSpan CertificateLifetime = TimeSpan.FromHours(1);

    private readonly TempDirectory _directory = new();
    private readonly List<Process> _processes = [];
    private readonly StringBuilder _output = new();
    private X509Certificate2? _tlsCertificate;
    private Http01ChallengeServer? _challengeServer;
    private int _managementPort;
    private int _dnsManagementPort;

    /// <summary>The ACME directory URL.</summary>
    public Uri DirectoryUrl { get; private set; } = null!;

    /// <summary>A port on 127.0.0.1 where nothing listens.</summary>
    public int ClosedPort { get; private set; }

    /// <summary>The webroot pebble's validations are answered from.</summary>
    public ChallengeWebroot Webroot { get; private set; } = null!;

    /// <summary>The port of the http-01 responder (pebble's httpPort).</summary>
    public int ChallengePort => _challengeServer!.Endpoint.Port;

    /// <summary>How many challenge files the responder served so far.</summary>
    public int ChallengesServed => _challengeServer!.Served;

    /// <summary>What pebble and the DNS server printed (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        Webroot = new ChallengeWebroot(System.IO.Path.Combine(_directory.Path, "webroot"));
        _challengeServer = new Http01ChallengeServer(new IPEndPoint(IPAddress.Loopback, 0), Webroot, NullLogger.Instance);
        var acmePort = FreePort();
        _managementPort = FreePort();
        var dnsPort = FreePort();
        _dnsManagementPort = FreePort();
        ClosedPort = FreePort();

        _tlsCertificate = CreateTlsCertificate();
        var certificatePath = System.IO.Path.Combine(_directory.Path, "tls.crt");
        var keyPath = System.IO.Path.Combine(_directory.Path, "tls.key");
        await File.WriteAllTextAsync(certificatePath, _tlsCertificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, _tlsCertificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        var configPath = System.IO.Path.Combine(_directory.Path, "pebble.json");
        await File.WriteAllTextAsync(configPath, $$"""
            {"pebble": {
              "listenAddress": "127.0.0.1:{{acmePort}}",
              "managementListenAddress": "127.0.0.1:{{_managementPort}}",
              "certificate": "{{certificatePath}}",
              "privateKey": "{{keyPath}}",
              "httpPort": {{_challengeServer.Endpoint.Port}},
              "tlsPort": {{ClosedPort}},
              "ocspResponderURL": "",
              "externalAccountBindingRequired": false,
              "certificateValidityPeriod": {{(int)CertificateLifetime.TotalSeconds}}
            }
            }
            """);

        // AAAA answers are off so validation connects over IPv4 to the responder only.
        Start("pebble-challtestsrv", ["-defaultIPv4", "127.0.0.1", "-defaultIPv6", "", "-dns01", $"127.0.0.1:{dnsPort}",
            "-http01", "", "-https01", "", "-tlsalpn01", "", "-management", $"127.0.0.1:{_dnsManagementPort}"], []);
        Start("pebble", ["-config", configPath, "-dnsserver", $"127.0.0.1:{dnsPort}", "-strict=false"], new()
        {
            // No random sleeps before validation, no random nonce rejection (the badNonce test makes its own),
            // and a fresh validation for every order so renewals and failures are real.
            ["PEBBLE_VA_NOSLEEP"] = "1",
            ["PEBBLE_WFE_NONCEREJECT"] = "0",
            ["PEBBLE_AUTHZREUSE"] = "0",
        });

        DirectoryUrl = new Uri($"https://127.0.0.1:{acmePort}/dir");
        using var http = CreateHttpClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(DirectoryUrl);
                using var dns = await http.GetAsync(new Uri($"http://127.0.0.1:{_dnsManagementPort}/"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            catch (HttpRequestException e)
            {
                throw new InvalidOperationException($"pebble did not start within 30 s: {e.Message}\n{Output}", e);
            }
        }
    }

    /// <summary>An HTTP client that trusts pebble's HTTPS certificate, and nothing else beyond the system roots.</summary>
    public HttpClient CreateHttpClient()
    {
        var trusted = _tlsCertificate!;
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (errors == System.Net.Security.SslPolicyErrors.None)
                    {
                        return true;
                    }

                    return certificate is not null && new X509Certificate2(certificate).RawDataMemory.Span.SequenceEqual(trusted.RawDataMemory.Span);
                },
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
    }

    /// <summary>Pebble's root CA certificate, from its management interface (it is new at every start).</summary>
    public async Task<X509Certificate2> GetRootAsync()
    {
        using var http = CreateHttpClient();
        var pem = await http.GetStringAsync(new Uri($"https://127.0.0.1:{_managementPort}/roots/0"));
        return X509Certificate2.CreateFromPem(pem);
    }

    /// <summary>Makes the DNS server answer A queries for <paramref name="host"/> with <paramref name="address"/>.</summary>
    public async Task SetAddressAsync(string host, string address)
    {
        using var http = CreateHttpClient();
        using var response = await http.PostAsJsonAsync(new Uri($"http://127.0.0.1:{_dnsManagementPort}/add-a"), new { host, addresses = new[] { address } });
        response.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        await _challengeServer!.DisposeAsync();
        _tlsCertificate?.Dispose();
        _directory.Dispose();
    }

    private void Start(string program, string[] arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory.Path,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{program} could not be started ({e.Message}). Install Debian's pebble package: apt-get install pebble.", e);
        }

        _processes.Add(process);
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static X509Certificate2 CreateTlsCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=pebble test listener", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }
}
