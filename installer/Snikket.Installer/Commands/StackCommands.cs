using System.CommandLine;
using System.Globalization;
using Snikket.Installer.Docker;
using Snikket.Installer.Stack;

namespace Snikket.Installer.Commands;

/// <summary>
/// <c>up</c>, <c>down</c>, <c>status</c>, <c>logs</c> and <c>update</c>. Creating the stack from the
/// compose file is compose's job (networks, volumes, health-ordered start); everything that
/// observes or drives running containers goes through the Engine API directly.
/// </summary>
internal static class StackCommands
{
    private static readonly Option<int> Wait = new("--wait")
    {
        Description = "Seconds to wait for every service to become healthy.",
        DefaultValueFactory = _ => 300,
    };

    private static readonly Option<bool> Volumes = new("--volumes") { Description = "Also delete the data and database volumes (everything is lost; take a `snikket backup` first)." };

    private static readonly Argument<string?> Service = new("service") { Description = "Only this service (db, server, portal, turn, certs, proxy).", Arity = ArgumentArity.ZeroOrOne };

    private static readonly Option<int?> Tail = new("--tail", "-n") { Description = "Only the last N lines of each service." };

    private static readonly Option<bool> Follow = new("--follow") { Description = "Keep printing new lines (one service only)." };

    public static IEnumerable<Command> Build()
    {
        var up = new Command("up", "Create and start the stack, and wait until every service is healthy.") { Wait };
        up.SetAction((parse, ct) => Guard(async () =>
        {
            var compose = Compose(parse);
            await Console.Out.WriteLineAsync("Starting the Snikket services (the first start builds or loads images and can take minutes)...");
            var rc = await compose.RunAsync(["up", "-d", "--remove-orphans"], ct);
            if (rc != 0)
            {
                await Console.Error.WriteLineAsync(Failed(rc, "up -d"));
                return InstallerCommandLine.Problem;
            }

            return await WaitAsync(parse, TimeSpan.FromSeconds(parse.GetValue(Wait)), ct);
        }));

        var down = new Command("down", "Stop and remove the stack's containers (data stays in its volumes).") { Volumes };
        down.SetAction((parse, ct) => Guard(async () =>
        {
            var rc = await Compose(parse).RunAsync(parse.GetValue(Volumes) ? ["down", "--volumes"] : ["down"], ct);
            if (rc != 0)
            {
                await Console.Error.WriteLineAsync(Failed(rc, "down"));
                return InstallerCommandLine.Problem;
            }

            return 0;
        }));

        var status = new Command("status", "Show each service's state and health.");
        status.SetAction((parse, ct) => Guard(() => StatusAsync(parse, Console.Out, ct)));

        var logs = new Command("logs", "Print the services' logs.") { Service, Tail, Follow };
        logs.SetAction((parse, ct) => Guard(() => LogsAsync(parse, ct)));

        var update = new Command("update", "Fetch newer images and recreate the services that changed.") { Wait };
        update.SetAction((parse, ct) => Guard(async () =>
        {
            var compose = Compose(parse);
            await Console.Out.WriteLineAsync("Fetching images...");
            if (await compose.RunAsync(["pull", "--ignore-pull-failures"], ct) != 0)
            {
                await Console.Error.WriteLineAsync("Some images could not be fetched (offline, or built locally); going on with the ones present.");
            }

            var rc = await compose.RunAsync(["up", "-d", "--remove-orphans"], ct);
            if (rc != 0)
            {
                await Console.Error.WriteLineAsync(Failed(rc, "up -d"));
                return InstallerCommandLine.Problem;
            }

            return await WaitAsync(parse, TimeSpan.FromSeconds(parse.GetValue(Wait)), ct);
        }));

        return [up, down, status, logs, update];
    }

    /// <summary>Runs a command body, turning the CLI's known failures into their message and exit code 1.</summary>
    public static async Task<int> Guard(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (Exception e) when (e is DockerUnavailableException or DockerApiException or StackException or InvalidDataException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return InstallerCommandLine.Problem;
        }
    }

    public static SnikketStack Stack(ParseResult parse, DockerClient docker) => new(docker, parse.GetValue(InstallerCommandLine.Project)!);

    public static ComposeCli Compose(ParseResult parse) => new(
        new ProcessRunner(),
        parse.GetValue(InstallerCommandLine.ComposeFile)!,
        parse.GetValue(InstallerCommandLine.Project)!,
        parse.GetValue(InstallerCommandLine.Config)!);

    public static string Failed(int? rc, string what) => rc is null
        ? "Neither `docker compose` nor `docker-compose` is installed. Install the Docker Compose plugin (https://docs.docker.com/compose/install/) and run this again."
        : $"`compose {what}` failed (exit {rc}); its messages are above. Fix what they name (`snikket check` helps) and run this again.";

    private static async Task<int> WaitAsync(ParseResult parse, TimeSpan timeout, CancellationToken ct)
    {
        using var docker = new DockerClient(DockerClient.SocketFromEnvironment());
        await Console.Out.WriteLineAsync("Waiting for the services to become healthy:");
        if (!await Stack(parse, docker).WaitHealthyAsync(timeout, Console.Out, ct))
        {
            return InstallerCommandLine.Problem;
        }

        await Console.Out.WriteLineAsync("All services are healthy. Create your admin account with `snikket invite --admin`.");
        return 0;
    }

    /// <summary>Prints one line per service (state, health and image), then what the certificate service last reported.</summary>
    public static async Task<int> StatusAsync(ParseResult parse, TextWriter output, CancellationToken ct)
    {
        using var docker = new DockerClient(DockerClient.SocketFromEnvironment());
        var stack = Stack(parse, docker);
        var containers = await stack.ContainersAsync(ct);
        if (containers.Count == 0)
        {
            await output.WriteLineAsync($"The stack '{parse.GetValue(InstallerCommandLine.Project)}' has no containers. Start it with `snikket up`.");
            return InstallerCommandLine.Problem;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{"SERVICE",-8}  {"STATE",-22}  IMAGE"));
        var healthy = true;
        foreach (var container in containers)
        {
            var details = await docker.InspectContainerAsync(container.Id, ct);
            var state = SnikketStack.Describe(details.State);
            healthy &= state is "healthy" or "running";
            await output.WriteLineAsync($"{container.Service,-8}  {state,-22}  {container.Image}");
        }

        var server = containers.FirstOrDefault(c => c.Service == "server");
        await output.WriteLineAsync("certificate: " + (server is null
            ? "unknown: the server container is missing (`snikket up` creates it)."
            : await CertificateReport.DescribeAsync(docker, server.Id, ct)));

        if (!healthy)
        {
            await output.WriteLineAsync("Not everything is healthy: `snikket logs SERVICE` shows why.");
        }

        return healthy ? 0 : InstallerCommandLine.Problem;
    }

    private static async Task<int> LogsAsync(ParseResult parse, CancellationToken ct)
    {
        using var docker = new DockerClient(DockerClient.SocketFromEnvironment());
        var stack = Stack(parse, docker);
        var service = parse.GetValue(Service);
        var follow = parse.GetValue(Follow);
        if (follow && service is null)
        {
            await Console.Error.WriteLineAsync("--follow needs one service: e.g. `snikket logs --follow server`.");
            return InstallerCommandLine.Usage;
        }

        var containers = service is null ? await stack.ContainersAsync(ct) : [await stack.FindAsync(service, ct)];
        await using var stdout = Console.OpenStandardOutput();
        await using var stderr = Console.OpenStandardError();
        foreach (var container in containers)
        {
            if (service is null)
            {
                await stdout.WriteAsync(System.Text.Encoding.UTF8.GetBytes($"==> {container.Service} <==\n"), ct);
            }

            await docker.CopyLogsAsync(container.Id, parse.GetValue(Tail), follow, stdout, stderr, ct);
        }

        return 0;
    }
}
