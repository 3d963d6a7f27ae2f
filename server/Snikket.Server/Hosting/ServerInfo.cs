using System.Reflection;
using Snikket.Xmpp;

namespace Snikket.Server.Hosting;

/// <summary>Who this server is: its domain and name, fixed for the life of the process.</summary>
internal sealed class ServerInfo(string domain, string siteName)
{
    public string Domain => domain;

    public Jid DomainJid { get; } = Jid.Parse(domain);

    public string SiteName => siteName;

    /// <summary>The software version (from the assembly), for XEP-0092 and the logs.</summary>
    public string SoftwareVersion { get; } =
        typeof(ServerInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
