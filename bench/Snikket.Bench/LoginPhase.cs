using System.Diagnostics;
using System.Globalization;

namespace Snikket.Bench;

/// <summary>
/// Login rate: K full logins (connect, stream, optional STARTTLS, SCRAM, restart, bind, session)
/// at concurrency C, after one warm-up login per account fills the client's SCRAM key cache.
/// Each session is closed right after it is established, outside the timed latency but inside
/// the phase (a bounded number of closes run in the background).
/// </summary>
internal static class LoginPhase
{
    public static async Task<LoginResult> RunAsync(BenchContext ctx, CancellationToken ct)
    {
        var options = ctx.Options;
        var accounts = Math.Min(options.Users, options.LoginCount);
        var closeSlots = new SemaphoreSlim(options.Concurrency * 4);
        var closes = new List<Task>();
        var closesLock = new Lock();

        async Task LoginAndCloseAsync(int userIndex, string resource, LatencyHistogram? latency, CancellationToken token)
        {
            var started = Stopwatch.GetTimestamp();
            var client = await ctx.LoginAsync(userIndex, resource, token).ConfigureAwait(false);
            latency?.Record((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            await closeSlots.WaitAsync(token).ConfigureAwait(false);
            var close = Task.Run(
                async () =>
                {
                    try
                    {
                        await client.CloseAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
                    }
                    finally
                    {
                        closeSlots.Release();
                    }
                },
                CancellationToken.None);
            lock (closesLock)
            {
                closes.RemoveAll(t => t.IsCompleted);
                closes.Add(close);
            }
        }

        using var phase = CancellationTokenSource.CreateLinkedTokenSource(ct);
        phase.CancelAfter(TimeSpan.FromSeconds(options.PhaseTimeoutSeconds));

        BenchContext.Log($"login: warm-up, one login per account ({accounts} accounts)");
        var warmup = await BenchContext.RunBoundedAsync("warm-up logins", accounts, options.Concurrency, (i, token) =>
            LoginAndCloseAsync(i, "warm" + i.ToString(CultureInfo.InvariantCulture), null, token), phase.Token).ConfigureAwait(false);
        await DrainClosesAsync().ConfigureAwait(false);
        if (warmup.Succeeded == 0)
        {
            closeSlots.Dispose();
            throw new XmppBenchException("no warm-up login succeeded: " + warmup.FirstError);
        }

        BenchContext.Log($"login: {options.LoginCount} timed logins at concurrency {options.Concurrency}");
        var latency = new LatencyHistogram();
        var serverCpu0 = ctx.ServerCpuSeconds;
        var clientCpu0 = ProcStats.SelfCpuSeconds();
        var timed = await BenchContext.RunBoundedAsync("timed logins", options.LoginCount, options.Concurrency, (i, token) =>
            LoginAndCloseAsync(i % accounts, "login" + i.ToString(CultureInfo.InvariantCulture), latency, token), phase.Token).ConfigureAwait(false);
        var serverCpu1 = ctx.ServerCpuSeconds;
        var clientCpu1 = ProcStats.SelfCpuSeconds();
        await DrainClosesAsync().ConfigureAwait(false);
        closeSlots.Dispose();

        var ok = Math.Max(1, timed.Succeeded);
        return new LoginResult(
            accounts,
            options.Concurrency,
            warmup.Succeeded,
            warmup.Failed,
            options.LoginCount,
            timed.Succeeded,
            timed.Failed,
            timed.FirstError ?? warmup.FirstError,
            timed.Elapsed.TotalSeconds,
            timed.Succeeded / timed.Elapsed.TotalSeconds,
            latency.Percentile(0.50) / 1000.0,
            latency.Percentile(0.99) / 1000.0,
            latency.Max / 1000.0,
            latency.Mean / 1000.0,
            serverCpu0 is null || serverCpu1 is null ? null : (serverCpu1.Value - serverCpu0.Value) * 1e6 / ok,
            (clientCpu1 - clientCpu0) * 1e6 / ok,
            ctx.KeyCache.Derivations);

        async Task DrainClosesAsync()
        {
            Task[] pending;
            lock (closesLock)
            {
                pending = [.. closes];
                closes.Clear();
            }

            await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None).ConfigureAwait(false);
        }
    }
}
