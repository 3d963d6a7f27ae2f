using Snikket.Server.Routing;

namespace Snikket.Server.Hosting;

/// <summary>
/// Runs the periodic work modules declared with <see cref="ModuleRegistry.Every"/>, each on its
/// own loop so a slow task (a large archive expiry) does not delay another. A failure is logged
/// and the task runs again at its next interval.
/// </summary>
internal sealed partial class PeriodicWork(HandlerTable table, TimeProvider time, ILogger<PeriodicWork> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(table.Periodic.Select(task => RunAsync(task, stoppingToken)));

    private async Task RunAsync(PeriodicTask task, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(task.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    await task.Work(ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.TaskFailed(logger, task.Owner, e);
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
        [LoggerMessage(1, LogLevel.Error, "Periodic work of {Module} failed; it runs again at its next interval")]
        public static partial void TaskFailed(ILogger logger, string module, Exception exception);
    }
}
