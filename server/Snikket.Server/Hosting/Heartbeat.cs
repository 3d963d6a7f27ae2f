using System.Collections.Concurrent;

namespace Snikket.Server.Hosting;

/// <summary>
/// One timer for every stream's timeouts (pre-auth, idle, keepalive) instead of a timer per
/// connection: thousands of idle connections then cost a dictionary entry each, not a timer.
/// </summary>
internal sealed partial class Heartbeat(ILogger<Heartbeat> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<IHeartbeatTarget, byte> _targets = new();

    public int Count => _targets.Count;

    public void Add(IHeartbeatTarget target) => _targets.TryAdd(target, 0);

    public void Remove(IHeartbeatTarget target) => _targets.TryRemove(target, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = Environment.TickCount64;
                foreach (var target in _targets.Keys)
                {
                    try
                    {
                        target.OnHeartbeat(now);
                    }
                    catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException)
                    {
                        Log.TargetFailed(logger, e);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "A heartbeat target failed; it is left to its own stream to clean up")]
        public static partial void TargetFailed(ILogger logger, Exception exception);
    }
}
