using Snikket.Installer.Docker;

namespace Snikket.Installer.Stack;

/// <summary>
/// The appliance's containers as the Engine API sees them, found by the compose project label:
/// lookup by service, health, and waiting until every service is healthy.
/// </summary>
internal sealed class SnikketStack(DockerClient docker, string project)
{
    /// <summary>Services in start order (ARCHITECTURE.md, Processes): the database first, the proxy last.</summary>
    public static readonly string[] Services = ["db", "server", "portal", "turn", "certs", "proxy"];

    public DockerClient Docker => docker;

    /// <summary>Every container of the project, running or not, in <see cref="Services"/> order.</summary>
    public async Task<IReadOnlyList<ContainerSummary>> ContainersAsync(CancellationToken cancellationToken)
    {
        var containers = await docker.ListContainersAsync($"{ComposeLabels.Project}={project}", cancellationToken);
        return containers.OrderBy(c => Array.IndexOf(Services, c.Service) is var i && i < 0 ? int.MaxValue : i).ThenBy(c => c.Service, StringComparer.Ordinal).ToList();
    }

    /// <summary>The running container of <paramref name="service"/>.</summary>
    /// <exception cref="StackException">It does not exist or is not running.</exception>
    public async Task<ContainerSummary> RunningAsync(string service, CancellationToken cancellationToken)
    {
        var container = await FindAsync(service, cancellationToken);
        return container.State == "running"
            ? container
            : throw new StackException($"The {service} container is {container.State}. Start the stack with `snikket up`, and see `snikket logs {service}` if it does not stay up.");
    }

    /// <summary>The container of <paramref name="service"/>, whatever its state.</summary>
    /// <exception cref="StackException">The stack has no such container.</exception>
    public async Task<ContainerSummary> FindAsync(string service, CancellationToken cancellationToken)
    {
        var containers = await ContainersAsync(cancellationToken);
        return containers.FirstOrDefault(c => c.Service == service)
            ?? throw new StackException($"The stack '{project}' has no {service} container. Create it with `snikket up` (in the directory of docker-compose.yml, or pass --compose-file).");
    }

    /// <summary>
    /// Polls until every container is healthy (or running, for one without a health check), printing
    /// each change; false when one turns unhealthy or exits, or <paramref name="timeout"/> passes.
    /// </summary>
    public async Task<bool> WaitHealthyAsync(TimeSpan timeout, TextWriter progress, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            var containers = await ContainersAsync(cancellationToken);
            if (containers.Count == 0)
            {
                await progress.WriteLineAsync($"No containers of the stack '{project}' exist; run `snikket up`.");
                return false;
            }

            var allGood = true;
            foreach (var container in containers)
            {
                var details = await docker.InspectContainerAsync(container.Id, cancellationToken);
                var state = Describe(details.State);
                if (!last.TryGetValue(container.Service, out var before) || before != state)
                {
                    await progress.WriteLineAsync($"  {container.Service,-8} {state}");
                    last[container.Service] = state;
                }

                if (details.State.Health?.Status == "unhealthy" || details.State.Status is "exited" or "dead")
                {
                    var probe = details.State.Health?.Log is { Count: > 0 } log ? log[^1].Output?.Trim() : null;
                    await progress.WriteLineAsync($"The {container.Service} service is {state}{(string.IsNullOrEmpty(probe) ? "" : $" (last health check: {probe})")}. See `snikket logs {container.Service}` for why; fix it and run `snikket up` again.");
                    return false;
                }

                allGood &= IsReady(details.State);
            }

            if (allGood)
            {
                return true;
            }

            if (DateTime.UtcNow > deadline)
            {
                var waiting = string.Join(", ", last.Where(kv => kv.Value != "healthy" && kv.Value != "running").Select(kv => kv.Key));
                await progress.WriteLineAsync($"Still waiting for {waiting} after {timeout.TotalSeconds:0} s. See `snikket logs SERVICE`, or wait longer with `snikket up --wait SECONDS`.");
                return false;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    /// <summary>A container's state in one word: its health when it has a check, else its status.</summary>
    public static string Describe(ContainerState state) =>
        state.Running && state.Health is { } health ? health.Status : state.Status + (state.Running ? "" : $" (exit {state.ExitCode})");

    private static bool IsReady(ContainerState state) =>
        state.Running && (state.Health is null || state.Health.Status == "healthy");
}
