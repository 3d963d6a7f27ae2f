using System.Diagnostics;
using System.Globalization;
using Snikket.Xmpp.Sasl;

namespace Snikket.Bench;

/// <summary>What every phase shares: options, the SCRAM key cache, logging, server sampling.</summary>
internal sealed class BenchContext
{
    public BenchContext(BenchOptions options)
    {
        Options = options;
        PreparedPassword = SaslPrep.Prepare(options.Password)
            ?? throw new ArgumentException("The password is empty or disallowed by SASLprep (OpaqueString).");
    }

    public BenchOptions Options { get; }

    public string PreparedPassword { get; }

    public ScramKeyCache KeyCache { get; } = new();

    /// <summary>Server RSS in KiB, or null without --server-pid.</summary>
    public long? ServerRssKb => Options.ServerPid == 0 ? null : ProcStats.ReadRssKb(Options.ServerPid);

    /// <summary>Server user+system CPU seconds, or null without --server-pid.</summary>
    public double? ServerCpuSeconds => Options.ServerPid == 0 ? null : ProcStats.ReadCpuSeconds(Options.ServerPid);

    public static void Log(FormattableString message) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss}] ") + FormattableString.Invariant(message));

    /// <summary>Connects and logs in account <paramref name="userIndex"/>, bounded by --login-timeout.</summary>
    public async Task<XmppClient> LoginAsync(int userIndex, string resource, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(Options.LoginTimeoutSeconds));
        XmppClient client;
        try
        {
            client = await XmppClient.ConnectAsync(Options.EndPoint, Options.Domain, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new XmppBenchException(FormattableString.Invariant($"TCP connect took longer than {Options.LoginTimeoutSeconds} s"));
        }

        try
        {
            var request = new LoginRequest(
                Options.Domain,
                Options.UserName(userIndex),
                PreparedPassword,
                resource,
                Options.StartTls,
                Options.Mechanism,
                KeyCache);
            await client.LoginAsync(request, timeout.Token).ConfigureAwait(false);
            return client;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw new XmppBenchException(FormattableString.Invariant($"login of {Options.UserName(userIndex)} took longer than {Options.LoginTimeoutSeconds} s (stuck at: {client.Stage})"));
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> for indexes 0..count-1 with at most <paramref name="concurrency"/>
    /// in flight; failures are counted (first message kept), not thrown. Stops taking new work when
    /// <paramref name="ct"/> is cancelled. Prints progress every 5 s for long runs.
    /// </summary>
    public static async Task<BatchOutcome> RunBoundedAsync(
        string what, int count, int concurrency, Func<int, CancellationToken, Task> work, CancellationToken ct)
    {
        var next = -1;
        var done = 0;
        var failed = 0;
        string? firstError = null;
        var watch = Stopwatch.StartNew();

        async Task Worker()
        {
            while (!ct.IsCancellationRequested)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= count)
                {
                    return;
                }

                try
                {
                    await work(index, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    if (Interlocked.Increment(ref failed) == 1)
                    {
                        firstError = e is OperationCanceledException ? "cancelled (phase time limit)" : e.GetType().Name + ": " + e.Message;
                    }
                }

                Interlocked.Increment(ref done);
            }
        }

        var workers = Enumerable.Range(0, Math.Min(concurrency, count)).Select(_ => Task.Run(Worker, CancellationToken.None)).ToArray();
        var all = Task.WhenAll(workers);
        while (!all.IsCompleted)
        {
            var first = await Task.WhenAny(all, Task.Delay(5000, CancellationToken.None)).ConfigureAwait(false);
            if (first != all)
            {
                Log($"  {what}: {Volatile.Read(ref done)}/{count} done, {Volatile.Read(ref failed)} failed, {watch.Elapsed.TotalSeconds:F0} s");
            }
        }

        await all.ConfigureAwait(false);
        var finished = Volatile.Read(ref done);
        return new BatchOutcome(finished - failed, failed + (count - finished), firstError, watch.Elapsed);
    }

    /// <summary>Waits <paramref name="seconds"/> (the server settles), unless cancelled.</summary>
    public static Task SettleAsync(double seconds, CancellationToken ct) =>
        seconds <= 0 ? Task.CompletedTask : Task.Delay(TimeSpan.FromSeconds(seconds), ct);
}

/// <summary>How a batch of bounded work went.</summary>
internal sealed record BatchOutcome(int Succeeded, int Failed, string? FirstError, TimeSpan Elapsed);
