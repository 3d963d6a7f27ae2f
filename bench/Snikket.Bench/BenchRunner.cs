using Snikket.Xmpp.Sasl;

namespace Snikket.Bench;

/// <summary>Runs the selected phases in order and reports; every phase is bounded in time.</summary>
internal static class BenchRunner
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var limit = ProcStats.OpenFilesLimit();
        var needed = Math.Max(options.Idle ? options.Connections : 0, options.Messages ? 2 * options.Pairs : 0) + 100;
        if (limit is not null && limit < needed)
        {
            throw new ArgumentException(FormattableString.Invariant(
                $"This process may open {limit} files but the run needs about {needed}: raise it with 'ulimit -n' (at most the hard limit) or ask for fewer connections."));
        }

        var ctx = new BenchContext(options);
        var report = new BenchReport
        {
            Label = options.Label,
            Target = options.EndPoint.ToString(),
            Domain = options.Domain,
            StartTls = options.StartTls,
            Mechanism = options.Mechanism.MechanismName(),
            ServerPid = options.ServerPid == 0 ? null : options.ServerPid,
            StartedAt = DateTimeOffset.Now,
            ProcessorCount = Environment.ProcessorCount,
        };

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        if (options.Idle)
        {
            await RunPhaseAsync(report, "idle", async () => report.Idle = await IdlePhase.RunAsync(ctx, stop.Token).ConfigureAwait(false)).ConfigureAwait(false);
        }

        if (options.Login && !stop.IsCancellationRequested)
        {
            await RunPhaseAsync(report, "login", async () => report.Login = await LoginPhase.RunAsync(ctx, stop.Token).ConfigureAwait(false)).ConfigureAwait(false);
        }

        if (options.Messages && !stop.IsCancellationRequested)
        {
            await RunPhaseAsync(report, "messages", async () => report.Messages = await MessagePhase.RunAsync(ctx, stop.Token).ConfigureAwait(false)).ConfigureAwait(false);
        }

        Console.WriteLine();
        Console.Write(report.ToText());
        if (options.JsonPath is not null)
        {
            await File.WriteAllTextAsync(options.JsonPath, report.ToJson()).ConfigureAwait(false);
            Console.WriteLine("JSON report: " + options.JsonPath);
        }

        return report.Errors.Count == 0 ? 0 : 1;
    }

    private static async Task RunPhaseAsync(BenchReport report, string name, Func<Task> phase)
    {
        try
        {
            await phase().ConfigureAwait(false);
        }
        catch (Exception e) when (e is XmppBenchException or OperationCanceledException or IOException or System.Net.Sockets.SocketException or TimeoutException)
        {
            report.Errors.Add(name + ": " + e.Message);
            BenchContext.Log($"{name}: FAILED: {e.Message}");
        }
    }
}
