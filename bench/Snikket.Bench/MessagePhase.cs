using System.Diagnostics;
using System.Globalization;
using Snikket.Xmpp;

namespace Snikket.Bench;

/// <summary>
/// 1:1 chat throughput and latency at stepped rates. P senders each send to their own receiver
/// (bare JID); a timer wheel paces the senders so that the aggregate is the step's target rate;
/// each body carries the step, a sequence number and the send timestamp, and the receiver's
/// read loop records send→receive latency on the same clock.
/// </summary>
internal static class MessagePhase
{
    private const string BodyPrefix = "bench:";
    private const string MamNs = "urn:xmpp:mam:2";
    private const string RsmNs = "http://jabber.org/protocol/rsm";

    public static async Task<MessagesResult> RunAsync(BenchContext ctx, CancellationToken ct)
    {
        var options = ctx.Options;
        var pairs = options.Pairs;
        var senders = new XmppClient?[pairs];
        var receivers = new XmppClient?[pairs];
        var stats = new StepStats();
        string? firstError = null;
        void OnSendError(Exception e) => Interlocked.CompareExchange(ref firstError, "send failed: " + e.Message, null);

        BenchContext.Log($"messages: logging in {pairs} pairs");
        using (var phase = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            phase.CancelAfter(TimeSpan.FromSeconds(options.PhaseTimeoutSeconds));
            var presence = new Element("presence", Ns.Client);
            var outcome = await BenchContext.RunBoundedAsync("message logins", 2 * pairs, options.Concurrency, async (i, token) =>
            {
                var pair = i / 2;
                var isReceiver = i % 2 == 1;
                var client = await ctx.LoginAsync(i, "msg", token).ConfigureAwait(false);
                (isReceiver ? receivers : senders)[pair] = client;
                await client.SendAsync(presence, token).ConfigureAwait(false);
                client.StartReceiveLoop(isReceiver ? stats.OnMessage : null, CancellationToken.None);
            }, phase.Token).ConfigureAwait(false);
            if (outcome.Failed > 0)
            {
                await CloseAsync(senders, receivers, options.Concurrency).ConfigureAwait(false);
                throw new XmppBenchException(FormattableString.Invariant($"{outcome.Failed} of {2 * pairs} message-phase logins failed: {outcome.FirstError}"));
            }
        }

        var targets = Enumerable.Range(0, pairs).Select(p => options.UserName((2 * p) + 1) + "@" + options.Domain).ToArray();
        var padding = new string('x', options.BodyBytes);
        var steps = new List<StepResult>();
        double? best = null;
        var stopReason = "all steps passed";
        long sentTotal = pairs;
        ArchiveCheckResult? archive = null;
        try
        {
            await BenchContext.SettleAsync(1, ct).ConfigureAwait(false);

            // Routing check (and warm-up): one message per pair must arrive before anything is timed.
            stats.Begin(0);
            for (var p = 0; p < pairs; p++)
            {
                senders[p]!.TrySend(Message(targets[p], 0, p, Stopwatch.GetTimestamp(), padding), OnSendError);
            }

            var deadline = Stopwatch.GetTimestamp() + (long)(options.LoginTimeoutSeconds * Stopwatch.Frequency);
            while (stats.Received < pairs && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(10, ct).ConfigureAwait(false);
            }

            if (stats.Received < pairs)
            {
                throw new XmppBenchException(FormattableString.Invariant(
                    $"only {stats.Received} of {pairs} check messages arrived within {options.LoginTimeoutSeconds} s: is message routing to bare JIDs working? {firstError}"));
            }

            BenchContext.Log($"messages: routing check ok ({pairs} pairs, p50 {stats.Latency.Percentile(0.5) / 1000.0:F2} ms)");

            var stepId = 0;
            if (options.WarmupSeconds > 0)
            {
                // Untimed: lets JIT compilers (ours and the load generator's own) and caches settle first.
                stepId++;
                var warmup = await RunStepAsync(ctx, stepId, options.Steps[0], options.WarmupSeconds, senders!, targets, padding, stats, OnSendError, ct).ConfigureAwait(false);
                sentTotal += warmup.Sent;
                BenchContext.Log($"messages: warm-up {options.WarmupSeconds} s at {options.Steps[0]} msg/s (not reported): p99 {warmup.P99Ms:F2} ms");
                await BenchContext.SettleAsync(1, ct).ConfigureAwait(false);
            }

            foreach (var rate in options.Steps)
            {
                stepId++;
                var step = await RunStepAsync(ctx, stepId, rate, options.StepSeconds, senders!, targets, padding, stats, OnSendError, ct).ConfigureAwait(false);
                steps.Add(step);
                sentTotal += step.Sent;
                BenchContext.Log($"messages: {rate} msg/s -> sent {step.SentRate:F0}/s, delivered {step.AchievedRate:F0}/s, p50 {step.P50Ms:F2} ms, p99 {step.P99Ms:F2} ms, lost {step.Lost}{(step.Passed ? "" : "  FAIL: " + step.Note)}");
                if (!step.Passed)
                {
                    stopReason = FormattableString.Invariant($"stopped after {rate} msg/s: {step.Note}");
                    break;
                }

                best = Math.Max(best ?? 0, step.AchievedRate);
                var dropped = senders.Concat(receivers).Count(c => c!.Closed);
                if (dropped > 0)
                {
                    var why = senders.Concat(receivers).First(c => c!.Closed)!.Error;
                    stopReason = FormattableString.Invariant($"stopped: {dropped} connections closed ({why})");
                    break;
                }

                await BenchContext.SettleAsync(1, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            if (options.ArchiveCheck)
            {
                archive = await CountArchivedAsync(receivers, sentTotal, options, ct).ConfigureAwait(false);
                BenchContext.Log($"messages: archive check: {archive.Archived} archived, {sentTotal} sent");
            }

            BenchContext.Log($"messages: closing {2 * pairs} sessions");
            await CloseAsync(senders, receivers, options.Concurrency).ConfigureAwait(false);
        }

        return new MessagesResult(pairs, options.BodyBytes, steps, best, stopReason, firstError, archive);
    }

    /// <summary>
    /// Asks each receiver's own archive for its size (XEP-0313 query, XEP-0059 &lt;max&gt;0&lt;/max&gt;:
    /// the count alone). Receivers only ever got bench messages, so the sum is what was archived.
    /// </summary>
    private static async Task<ArchiveCheckResult> CountArchivedAsync(XmppClient?[] receivers, long sent, BenchOptions options, CancellationToken ct)
    {
        await BenchContext.SettleAsync(1, ct).ConfigureAwait(false);
        long archived = 0;
        var answered = 0;
        string? firstError = null;
        var outcome = await BenchContext.RunBoundedAsync("archive counts", receivers.Length, options.Concurrency, async (i, token) =>
        {
            var query = new Element("iq", Ns.Client).SetAttribute("type", "set").SetAttribute("id", "archive-count");
            query.AddElement("query", MamNs).AddElement("set", RsmNs).AddElement("max", RsmNs).AddText("0");
            var answer = await receivers[i]!.QueryWhileReceivingAsync(query, TimeSpan.FromSeconds(options.LoginTimeoutSeconds)).ConfigureAwait(false);
            var count = answer.Child("fin", MamNs)?.Child("set", RsmNs)?.Child("count", RsmNs)?.Text;
            if (answer.GetAttribute("type") != "result" || !long.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                Interlocked.CompareExchange(ref firstError, "no archive count in " + answer, null);
                return;
            }

            Interlocked.Add(ref archived, n);
            Interlocked.Increment(ref answered);
        }, ct).ConfigureAwait(false);
        return new ArchiveCheckResult(sent, archived, answered, receivers.Length, firstError ?? outcome.FirstError);
    }

    private static async Task<StepResult> RunStepAsync(
        BenchContext ctx,
        int stepId,
        int rate,
        double seconds,
        XmppClient[] senders,
        string[] targets,
        string padding,
        StepStats stats,
        Action<Exception> onSendError,
        CancellationToken ct)
    {
        var options = ctx.Options;
        var pairs = senders.Length;
        var frequency = Stopwatch.Frequency;
        long sent = 0;
        long skipped = 0;
        var seq = new long[pairs];

        var pacerLag = new LatencyHistogram();
        stats.Begin(stepId);
        var gcPause0 = GC.GetTotalPauseDuration();
        var gcCount0 = GC.CollectionCount(0);
        var serverCpu0 = ctx.ServerCpuSeconds;
        var clientCpu0 = ProcStats.SelfCpuSeconds();
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(seconds * frequency);

        // Each sender sends every pairs/rate seconds; the senders' first sends are spread over one interval.
        var interval = Math.Max(1, (long)((double)pairs * frequency / rate));
        // One tick per expected send at low rates, 1 ms at 1000 msg/s and above: every wake-up of
        // the timer costs the shared CPU tens of microseconds, and the send timestamps are taken
        // when a message is written, so a coarser tick adds no latency to the figures.
        var tick = TimeSpan.FromSeconds(Math.Clamp(1.0 / rate, 0.001, 0.010));
        var wheel = new TimerWheel<int>(start, Math.Max(1, (long)(tick.TotalSeconds * frequency)), 1024);
        for (var p = 0; p < pairs; p++)
        {
            wheel.Schedule(start + (long)((double)p * frequency / rate), p);
        }

        void Fire(int p, long due)
        {
            var firedAt = Stopwatch.GetTimestamp();
            pacerLag.Record((long)((firedAt - due) * 1_000_000.0 / frequency));
            if (senders[p].TrySend(Message(targets[p], stepId, seq[p]++, firedAt, padding), onSendError))
            {
                sent++;
            }
            else
            {
                skipped++;
            }

            if (due + interval < end)
            {
                wheel.Schedule(due + interval, p);
            }
        }

        using (var timer = new PeriodicTimer(tick))
        {
            while (true)
            {
                var now = Stopwatch.GetTimestamp();
                wheel.Advance(Math.Min(now, end - 1), Fire);
                if (now >= end || wheel.Count == 0)
                {
                    break;
                }

                await timer.WaitForNextTickAsync(ct).ConfigureAwait(false);
            }
        }

        // Stragglers: wait until everything sent has arrived, or the drain time is up.
        var drainEnd = Stopwatch.GetTimestamp() + (long)(options.DrainSeconds * frequency);
        while (stats.Received < sent && Stopwatch.GetTimestamp() < drainEnd)
        {
            await Task.Delay(5, ct).ConfigureAwait(false);
        }

        var serverCpu1 = ctx.ServerCpuSeconds;
        var clientCpu1 = ProcStats.SelfCpuSeconds();
        var wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var received = stats.Received;
        var latency = stats.Latency;
        var p99 = latency.Percentile(0.99) / 1000.0;
        var achieved = received / seconds;
        var lost = Math.Max(0, sent - received);

        string? note = null;
        if (p99 > options.MaxP99Milliseconds)
        {
            note = FormattableString.Invariant($"p99 {p99:F1} ms > {options.MaxP99Milliseconds} ms");
        }
        else if (achieved < options.MinAchievedFraction * rate)
        {
            note = FormattableString.Invariant($"delivered {achieved:F0}/s < {options.MinAchievedFraction * 100:F0} % of {rate}/s")
                + (sent < options.MinAchievedFraction * rate * seconds ? " (the load generator could not send fast enough)" : "");
        }

        var lagP99 = pacerLag.Percentile(0.99) / 1000.0;
        if (note is null && lagP99 > options.MaxLagMilliseconds)
        {
            // Latency is timed from the actual write, so a late pacer does not show in it; but the
            // messages then go out in bursts, not at the target rate: the step is not a valid measurement.
            note = FormattableString.Invariant($"the load generator fell behind (pacer lag p99 {lagP99:F0} ms > {options.MaxLagMilliseconds} ms): the server's limit is above the last passing step");
        }

        var perMessage = Math.Max(1, received);
        return new StepResult(
            rate,
            seconds,
            sent,
            skipped,
            received,
            lost,
            sent / seconds,
            achieved,
            latency.Percentile(0.50) / 1000.0,
            latency.Percentile(0.90) / 1000.0,
            p99,
            latency.Percentile(0.999) / 1000.0,
            latency.Max / 1000.0,
            serverCpu0 is null || serverCpu1 is null ? null : (serverCpu1.Value - serverCpu0.Value) * 1e6 / perMessage,
            serverCpu0 is null || serverCpu1 is null ? null : (serverCpu1.Value - serverCpu0.Value) * 100 / wall,
            (clientCpu1 - clientCpu0) * 1e6 / perMessage,
            lagP99,
            GC.CollectionCount(0) - gcCount0,
            (GC.GetTotalPauseDuration() - gcPause0).TotalMilliseconds,
            note is null,
            note);
    }

    private static Element Message(string to, int step, long seq, long timestamp, string padding)
    {
        var message = new Element("message", Ns.Client).SetAttribute("type", "chat").SetAttribute("to", to);
        message.AddElement("body", Ns.Client).AddText(string.Create(
            CultureInfo.InvariantCulture, $"{BodyPrefix}{step}:{seq}:{timestamp}:{padding}"));
        return message;
    }

    private static async Task CloseAsync(XmppClient?[] senders, XmppClient?[] receivers, int concurrency) =>
        await IdlePhase.CloseAllAsync([.. senders, .. receivers], concurrency * 4).ConfigureAwait(false);

    /// <summary>Counts and times the current step's messages as receivers' read loops see them.</summary>
    private sealed class StepStats
    {
        private int _step = -1;
        private long _received;

        public LatencyHistogram Latency { get; private set; } = new();

        public long Received => Interlocked.Read(ref _received);

        public void Begin(int step)
        {
            // Park the step first so that no late message lands in the fresh counters.
            Volatile.Write(ref _step, -1);
            Latency = new LatencyHistogram();
            Interlocked.Exchange(ref _received, 0);
            Volatile.Write(ref _step, step);
        }

        public void OnMessage(Element message, long receivedAt)
        {
            var body = message.Child("body", Ns.Client)?.Text;
            if (body is null || !body.StartsWith(BodyPrefix, StringComparison.Ordinal))
            {
                return;
            }

            // bench:<step>:<seq>:<timestamp>:<padding>
            var rest = body.AsSpan(BodyPrefix.Length);
            var colon = rest.IndexOf(':');
            if (colon < 0 || !int.TryParse(rest[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var step))
            {
                return;
            }

            rest = rest[(colon + 1)..];
            colon = rest.IndexOf(':');
            rest = colon < 0 ? default : rest[(colon + 1)..];
            colon = rest.IndexOf(':');
            if (colon < 0 || !long.TryParse(rest[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var sentAt))
            {
                return;
            }

            if (step != Volatile.Read(ref _step))
            {
                // From an earlier step, after its drain: already counted as lost there.
                return;
            }

            Latency.Record((long)((receivedAt - sentAt) * 1_000_000.0 / Stopwatch.Frequency));
            Interlocked.Increment(ref _received);
        }
    }
}
