using Snikket.Server.Hosting;
using Snikket.Server.Routing;

namespace Snikket.Server.Modules.Version;

/// <summary>
/// XEP-0092: Software Version, for the server only. The operating system is deliberately left out:
/// it helps attackers more than it helps anyone debugging.
/// </summary>
[Xep(92, "1.1")]
internal sealed class VersionModule(ServerInfo server) : IModule
{
    public const string Ns = "jabber:iq:version";

    public void Register(ModuleRegistry module)
    {
        module.AddFeature(To.Host, Ns);
        module.OnIq(IqType.Get, To.Host, Ns, "query", Answer);
    }

    private ValueTask Answer(IqRequest iq, CancellationToken ct)
    {
        var reply = iq.Result();
        var query = reply.AddElement("query", Ns);
        query.AddElement("name", Ns).AddText("Snikket");
        query.AddElement("version", Ns).AddText(server.SoftwareVersion);
        return iq.ReplyAsync(reply, ct);
    }
}
