using System.CommandLine;
using Snikket.Installer.Docker;

namespace Snikket.Installer.Commands;

/// <summary>
/// <c>snikket invite [--admin] [FLAGS…]</c>: runs the server's own <c>invite</c> command inside the
/// running server container (Engine API exec) and prints its link, <c>xmpp:</c> URI and terminal QR
/// code. Every flag is passed on, so the two commands never disagree (see <c>snikket-server invite --help</c>).
/// </summary>
internal static class InviteCommand
{
    /// <summary>The server image's entrypoint: it adds the generated secrets to the environment, then runs snikket-server.</summary>
    public const string ServerEntrypoint = "/usr/local/bin/snikket-entrypoint";

    public static Command Build()
    {
        var command = new Command("invite", "Create an invite (e.g. --admin for the first admin) and print its link and QR code. Flags as for `snikket-server invite`.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction((parse, ct) => StackCommands.Guard(async () =>
        {
            using var docker = new DockerClient(DockerClient.SocketFromEnvironment());
            var server = await StackCommands.Stack(parse, docker).RunningAsync("server", ct);
            await using var stdout = Console.OpenStandardOutput();
            await using var stderr = Console.OpenStandardError();
            return await docker.ExecAsync(server.Id, [ServerEntrypoint, "invite", .. parse.UnmatchedTokens], stdout, stderr, ct);
        }));
        return command;
    }
}
