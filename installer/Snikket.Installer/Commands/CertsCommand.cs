using System.CommandLine;
using System.Globalization;
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
        command.SetAction(async (parse, ct) =>
        {
            SnikketOptions options;
            try
            {
                var path = parse.GetValue(InstallerCommandLine.Config)!;
                options = SnikketConfigLoader.Load(File.Exists(path) ? path : null, SnikketConfigLoader.EnvironmentSnapshot());
            }
            catch (SnikketConfigException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return InstallerCommandLine.Usage;
            }

            using var serilog = new LoggerConfiguration()
                .MinimumLevel.Information()
                .WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}", formatProvider: CultureInfo.InvariantCulture)
                .CreateLogger();
            using var loggers = new SerilogLoggerFactory(serilog);
            var loop = CertificateLoop.Create(options, loggers);
            if (!parse.GetValue(Once))
            {
                await loop.RunAsync(ct);
                return 0;
            }

            var status = await loop.Manager.RunOnceAsync(force: false, ct);
            await Console.Out.WriteLineAsync(status.Describe());
            return status.State == CertificateState.Valid ? 0 : InstallerCommandLine.Problem;
        });
        return command;
    }
}
