using System.Diagnostics;
using System.Net;
using System.Text;

namespace Snikket.Server.IntegrationTests.Turn;

/// <summary>
/// Debian's coturn (<c>turnserver</c> 4.6) run on the configuration our server wrote, bound to
/// loopback only (the one addition on the command line, with the relay addresses and a pid file
/// of its own), ready once it answers a STUN Binding request.
/// </summary>
internal sealed class CoturnProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private CoturnProcess(Process process) => _process = process;

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

    public static async Task<CoturnProcess> StartAsync(string configPath, IPEndPoint stunEndPoint, string workDirectory)
    {
        var start = new ProcessStartInfo("turnserver")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-c", configPath, "--listening-ip", "127.0.0.1", "--relay-ip", "127.0.0.1", "--pidfile", Path.Combine(workDirectory, "turnserver.pid") })
        {
            start.ArgumentList.Add(argument);
        }

        // An IPv6 relay for the IPv6 peer rules, where the machine has IPv6 loopback (the tests
        // that need it say so when it is missing): coturn gets only relay addresses it can bind.
        if (HasIpv6Loopback())
        {
            start.ArgumentList.Add("--relay-ip");
            start.ArgumentList.Add("::1");
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("turnserver (coturn) could not be started; install it with `apt-get install coturn` (bash .ci/run does).", e);
        }

        var coturn = new CoturnProcess(process);
        process.OutputDataReceived += (_, line) => coturn.Append(line.Data);
        process.ErrorDataReceived += (_, line) => coturn.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout && !process.HasExited)
        {
            await using var client = await TurnClient.ConnectAsync(TurnTransport.Udp, stunEndPoint);
            try
            {
                if ((await client.BindingAsync()).IsSuccess)
                {
                    return coturn;
                }
            }
            catch (OperationCanceledException)
            {
                // Not listening yet.
            }
            catch (System.Net.Sockets.SocketException)
            {
                // Port unreachable: not listening yet.
            }
        }

        await coturn.DisposeAsync();
        throw new InvalidOperationException($"coturn did not answer STUN on {stunEndPoint} within {StartTimeout.TotalSeconds} s. Its output:\n{coturn.Output}");
    }

    /// <summary>
    /// Sends SIGUSR2, on which coturn re-reads its certificate and key ("Reloading TLS certificates
    /// and keys"): what a certificate renewal hook does instead of restarting the relay.
    /// </summary>
    public async Task ReloadCertificatesAsync()
    {
        using var kill = Process.Start("kill", ["-USR2", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static bool HasIpv6Loopback()
    {
        try
        {
            using var probe = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
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
}
