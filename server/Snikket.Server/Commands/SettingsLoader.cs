using Snikket.Configuration;
using Snikket.Server.Hosting;
using Snikket.Server.Streams;
using Snikket.Server.Turn;
using Snikket.Server.WebProxy;
using Snikket.Xmpp;

namespace Snikket.Server.Commands;

/// <summary>Reads snikket.conf plus the environment and turns the options into <see cref="ServerSettings"/>.</summary>
internal static class SettingsLoader
{
    /// <summary>Loads the settings; on a configuration problem prints the report to stderr and returns false.</summary>
    public static bool TryLoad(string? configPath, out ServerSettings settings) => TryLoad(configPath, out settings, out _);

    /// <summary>Loads the settings and also returns the options they came from (for the embedded portal).</summary>
    public static bool TryLoad(string? configPath, out ServerSettings settings, out SnikketOptions options)
    {
        var environment = SnikketConfigLoader.EnvironmentSnapshot();
        var path = configPath ?? Environment.GetEnvironmentVariable("SNIKKET_CONFIG") ?? "snikket.conf";
        try
        {
            options = SnikketConfigLoader.Load(File.Exists(path) || configPath is not null ? path : null, environment);
            foreach (var warning in options.Warnings)
            {
                Console.Error.WriteLine($"warning: {warning}");
            }

            settings = FromOptions(options);
            return true;
        }
        catch (SnikketConfigException e)
        {
            Console.Error.WriteLine(e.Message);
            settings = null!;
            options = null!;
            return false;
        }
    }

    public static ServerSettings FromOptions(SnikketOptions options)
    {
        var provided = options.TlsCertificate is not null;
        return new ServerSettings
        {
            Domain = options.Domain,
            SiteName = options.SiteName,
            AdminEmail = options.AdminEmail,
            AbuseEmail = options.AbuseEmail,
            SecurityEmail = options.SecurityEmail,
            DataDirectory = options.DataDir,
            Database = options.DatabaseKind,
            ConnectionString = options.DatabaseConnectionString,
            CertificatePath = options.TlsCertificatePath,
            KeyPath = options.TlsKeyPath,
            GenerateCertificate = !provided,
            Listen = new ListenPlan(
                options.C2sInterfaces,
                options.C2sPort,
                options.C2sDirectTlsPort,
                options.InternalHttpInterfaces,
                options.InternalHttpPort),
            Streams = new ClientStreamOptions
            {
                Limits = XmlLimits.Default with { MaxStanzaBytes = options.StanzaSizeLimit },
                PreauthTimeout = options.PreauthTimeout,
                IdleTimeout = options.C2sIdleTimeout,
                KeepaliveInterval = options.C2sKeepaliveInterval,
                RequireEncryption = options.C2sRequireEncryption,
                MaxSessionsPerAccount = options.MaxUserClients,
            },
            ScramIterations = options.ScramIterations,
            Retention = options.Retention,
            UserInvites = options.UserInvites,
            LogLevel = options.LogLevel,
            Turn = new TurnSettings
            {
                Host = options.TurnServer,
                Advertised = options.TurnServer is not null,
                Port = options.TurnPort,
                MinRelayPort = options.TurnMinPort,
                MaxRelayPort = options.TurnMaxPort,
                InternalAddress = options.TurnInternalIp,
            },
            WebProxy = new WebProxySettings
            {
                HttpPort = options.HttpPort,
                HttpsPort = options.HttpsPort,
                Portal = new System.Net.IPEndPoint(options.PortalInternalHttpInterfaces[0], options.PortalInternalHttpPort),
                Webroot = options.AcmeWebroot,
            },
        };
    }
}
