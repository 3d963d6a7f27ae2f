namespace Snikket.Server.Routing;

/// <summary>Work a module asked to run every <paramref name="Interval"/> (see <see cref="ModuleRegistry.Every"/>).</summary>
internal sealed record PeriodicTask(string Owner, TimeSpan Interval, Func<CancellationToken, Task> Work);
