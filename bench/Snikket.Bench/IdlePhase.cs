using System.Globalization;
using Snikket.Xmpp;

namespace Snikket.Bench;

/// <summary>
/// Server memory per idle session: RSS with no clients, then with N authenticated, bound
/// connections that sent initial presence and then stay silent, ΔRSS / N.
/// </summary>
internal static class IdlePhase
{
    public static async Task<IdleResult> RunAsync(BenchContext ctx, CancellationToken ct)
    {
        var options = ctx.Options;
        var n = options.Connections;
        BenchContext.Log($"idle: waiting {options.SettleSeconds} s for the server to settle, then the baseline");
        await BenchContext.SettleAsync(options.SettleSeconds, ct).ConfigureAwait(false);
        var baselineRss = ctx.ServerRssKb;
        long? baselineThreads = options.ServerPid == 0 ? null : ProcStats.ReadThreads(options.ServerPid);

        BenchContext.Log($"idle: opening {n} sessions at concurrency {options.Concurrency}");
        var clients = new XmppClient?[n];
        using var phase = CancellationTokenSource.CreateLinkedTokenSource(ct);
        phase.CancelAfter(TimeSpan.FromSeconds(options.PhaseTimeoutSeconds));
        var presence = new Element("presence", Ns.Client);
        var outcome = await BenchContext.RunBoundedAsync("idle logins", n, options.Concurrency, async (i, token) =>
        {
            var client = await ctx.LoginAsync(i % options.Users, "idle" + i.ToString(CultureInfo.InvariantCulture), token).ConfigureAwait(false);
            clients[i] = client;
            await client.SendAsync(presence, token).ConfigureAwait(false);
            client.StartReceiveLoop(null, CancellationToken.None);
        }, phase.Token).ConfigureAwait(false);

        var connected = clients.Count(c => c is not null);
        BenchContext.Log($"idle: {connected} sessions in {outcome.Elapsed.TotalSeconds:F1} s ({outcome.Failed} failed); settling {options.SettleSeconds} s");
        await BenchContext.SettleAsync(options.SettleSeconds, ct).ConfigureAwait(false);
        var loadedRss = ctx.ServerRssKb;
        long? loadedThreads = options.ServerPid == 0 ? null : ProcStats.ReadThreads(options.ServerPid);
        var alive = clients.Count(c => c is not null && !c.Closed);
        var clientRss = ProcStats.ReadRssKb(Environment.ProcessId);
        var firstDrop = clients.FirstOrDefault(c => c is not null && c.Closed)?.Error;

        BenchContext.Log($"idle: closing {connected} sessions");
        await CloseAllAsync(clients, options.Concurrency * 4).ConfigureAwait(false);
        await BenchContext.SettleAsync(options.SettleSeconds, ct).ConfigureAwait(false);
        var afterCloseRss = ctx.ServerRssKb;

        double? perConnection = baselineRss is not null && loadedRss is not null && alive > 0
            ? (loadedRss.Value - baselineRss.Value) / (double)alive
            : null;
        return new IdleResult(
            n,
            alive,
            outcome.Failed,
            outcome.FirstError ?? (firstDrop is null ? null : "dropped while idle: " + firstDrop),
            outcome.Elapsed.TotalSeconds,
            baselineRss,
            loadedRss,
            afterCloseRss,
            perConnection,
            baselineThreads,
            loadedThreads,
            connected - alive,
            clientRss);
    }

    /// <summary>Closes every client, a bounded number at a time, each close bounded to 2 s.</summary>
    public static async Task CloseAllAsync(IReadOnlyList<XmppClient?> clients, int concurrency)
    {
        await BenchContext.RunBoundedAsync("closing", clients.Count, concurrency, async (i, _) =>
        {
            if (clients[i] is { } client)
            {
                await client.CloseAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            }
        }, CancellationToken.None).ConfigureAwait(false);
    }
}
