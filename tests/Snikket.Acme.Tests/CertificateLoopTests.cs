using Snikket.Acme.Tests.Infrastructure;

namespace Snikket.Acme.Tests;

[Collection(PebbleGroup.Name)]
public sealed class CertificateLoopTests(PebbleServer pebble, ITestOutputHelper output)
{
    [Fact]
    public async Task The_loop_gets_a_certificate_and_stops_when_cancelled()
    {
        using var harness = new ManagerHarness(pebble, output);
        var loop = new CertificateLoop(harness.Manager, harness.Time, new TestLogger<CertificateLoop>(output));
        using var stop = new CancellationTokenSource();

        var running = loop.RunAsync(stop.Token);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (CertificateStatus.TryRead(harness.Options.StatusPath)?.State != CertificateState.Valid && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(CertificateState.Valid, CertificateStatus.TryRead(harness.Options.StatusPath)?.State);
        Assert.True(File.Exists(harness.Options.CertificatePath));
    }

    [Fact]
    public async Task With_a_challenge_endpoint_the_loop_answers_http_01_itself_while_it_runs()
    {
        var port = FreePort();
        using var harness = new ManagerHarness(pebble, output, o => o with
        {
            Directory = new Uri($"https://127.0.0.1:{pebble.ClosedPort}/dir"),
            Webroot = Path.Combine(Path.GetDirectoryName(o.AccountKeyPath)!, "webroot"),
            ChallengeEndpoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port),
        });
        new ChallengeWebroot(harness.Options.Webroot).Publish("tok", "tok.thumb");
        var loop = new CertificateLoop(harness.Manager, harness.Time, new TestLogger<CertificateLoop>(output));
        using var stop = new CancellationTokenSource();
        using var http = new HttpClient();

        var running = loop.RunAsync(stop.Token);
        var body = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/.well-known/acme-challenge/tok"));
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("tok.thumb", body);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/.well-known/acme-challenge/tok")));
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
