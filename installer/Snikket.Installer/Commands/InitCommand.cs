using System.CommandLine;
using Snikket.Configuration;

namespace Snikket.Installer.Commands;

/// <summary>
/// <c>snikket init</c>: asks for the domain and the admin's email address (or takes
/// <c>--domain</c>/<c>--email</c>), checks them with the server's own rules and writes the two-line
/// <c>snikket.conf</c> that is all the appliance needs.
/// </summary>
internal static class InitCommand
{
    private static readonly Option<string?> Domain = new("--domain") { Description = "The domain of the service, e.g. chat.example.com." };

    private static readonly Option<string?> Email = new("--email") { Description = "The administrator's email address (certificate notices go there)." };

    private static readonly Option<bool> Force = new("--force") { Description = "Overwrite an existing snikket.conf." };

    public static Command Build()
    {
        var command = new Command("init", "Write snikket.conf with the domain and the admin's email address.") { Domain, Email, Force };
        command.SetAction((parse, ct) => RunAsync(
            new InitRequest(parse.GetValue(InstallerCommandLine.Config)!, parse.GetValue(Domain), parse.GetValue(Email), parse.GetValue(Force)),
            Console.In,
            Console.Out,
            Console.Error,
            interactive: !Console.IsInputRedirected));
        return command;
    }

    /// <summary>Runs init; asks on <paramref name="input"/> for what the flags left out when <paramref name="interactive"/>.</summary>
    public static async Task<int> RunAsync(InitRequest request, TextReader input, TextWriter output, TextWriter error, bool interactive)
    {
        if (File.Exists(request.ConfigPath) && !request.Force)
        {
            await error.WriteLineAsync($"{request.ConfigPath} already exists. Edit it, or run `snikket init --force` to replace it.");
            return InstallerCommandLine.Problem;
        }

        var domain = await ObtainAsync(SnikketKeys.Domain, request.Domain, "--domain", "Domain of your Snikket service (e.g. chat.example.com)", input, output, error, interactive);
        if (domain is null)
        {
            return InstallerCommandLine.Usage;
        }

        var email = await ObtainAsync(SnikketKeys.AdminEmail, request.Email, "--email", "Your email address (for certificate notices)", input, output, error, interactive);
        if (email is null)
        {
            return InstallerCommandLine.Usage;
        }

        var text = EnvFile.Write([(SnikketKeys.Domain, domain), (SnikketKeys.AdminEmail, email)]);
        var directory = Path.GetDirectoryName(Path.GetFullPath(request.ConfigPath))!;
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(request.ConfigPath, text);
        await output.WriteLineAsync($"Wrote {request.ConfigPath}. Next: `snikket check` to verify DNS and ports, then `snikket up`.");
        return 0;
    }

    private static async Task<string?> ObtainAsync(string key, string? given, string flag, string prompt, TextReader input, TextWriter output, TextWriter error, bool interactive)
    {
        var setting = SnikketSettings.Get(key);
        if (given is not null)
        {
            if (setting.TryNormalize(given, out var normalized, out var problem))
            {
                return normalized;
            }

            await error.WriteLineAsync($"{flag} {problem}");
            return null;
        }

        if (!interactive)
        {
            await error.WriteLineAsync($"{key} is needed and there is no terminal to ask on: pass {flag} VALUE.");
            return null;
        }

        while (true)
        {
            await output.WriteAsync($"{prompt}: ");
            var line = await input.ReadLineAsync();
            if (line is null)
            {
                await error.WriteLineAsync($"No answer (end of input); pass {flag} VALUE instead.");
                return null;
            }

            if (setting.TryNormalize(line, out var normalized, out var problem))
            {
                return normalized;
            }

            await output.WriteLineAsync($"That {problem}. Please try again.");
        }
    }
}
