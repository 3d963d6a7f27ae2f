using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Serilog;
using Serilog.Extensions.Logging;
using Snikket.Acme;
using Snikket.Configuration;

namespace Snikket.Installer.Commands;

/// <summary>
/// <c>snikket certs</c>: the compose bundle's certificate service. Obtains the certificate for the
/// domain, <c>groups.</c> and <c>share.</c> from the ACME CA (RFC 8555, http-01 answered from the
/// webroot the proxy serves) and renews it, until stopped; <c>--once</c> looks once and says
/// whether the certificate is fine. Settings come from snikket.conf and the environment, which is
/// how compose hands them over (<c>env_file</c>).
/// </summary>
internal static class CertsCommand
{
    private static readonly Option<bool> Once = new("--once")
    {
        Description = "Look once (obtain or renew if due), print the status and exit: 0 when the certificate is fine, 1 otherwise.",
    };

    public static Command Build()
    {
        var command = new Command("certs", "Obtain and renew the TLS certificate (the compose certs service).") { Once };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(InstallerCommandLine.Config)!,
            SnikketConfigLoader.EnvironmentSnapshot(),
            parse.GetValue(Once),
            Console.Out,
            Console.Error,
            ct));
        return command;
    }

    /// <summary>Runs the service (or one look with <paramref name="once"/>) on snikket.conf at <paramref name="configPath"/>, if it exists, and <paramref name="environment"/>.</summary>
    public static async Task<int> RunAsync(string configPath, IReadOnlyDictionary<string, string> environment, bool once, TextWriter output, TextWriter error, CancellationToken ct)
    {
        SnikketOptions options;
        try
        {
            options = SnikketConfigLoader.Load(File.Exists(configPath) ? configPath : null, environment);
        }
        catch (SnikketConfigException e)
        {
            await error.WriteLineAsync(e.Message);
            return InstallerCommandLine.Usage;
        }

        using var serilog = new LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}", formatProvider: CultureInfo.InvariantCulture)
            .CreateLogger();
        using var loggers = new SerilogLoggerFactory(serilog);
        var loop = CertificateLoop.Create(options, loggers);
        if (!once)
        {
            // `docker stop` sends SIGTERM; System.CommandLine cancels on Ctrl+C only, and left to the
            // runtime the process would sit out the stop timeout and be killed. Stop the loop instead.
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
            {
                signal.Cancel = true;
                stopping.Cancel();
            });
            await loop.RunAsync(stopping.Token);
            return 0;
        }

        var status = await loop.Manager.RunOnceAsync(force: false, ct);
        await output.WriteLineAsync(status.Describe());
        return status.State is CertificateState.Valid or CertificateState.OperatorProvided ? 0 : InstallerCommandLine.Problem;
    }
}
