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
}
