using Snikket.Server.Routing;

namespace Snikket.Server.Modules.Ping;

/// <summary>XEP-0199: XMPP Ping. Answers pings sent to the server or to an account's bare JID.</summary>
[Xep(199, "2.0.1")]
internal sealed class PingModule : IModule
{
    public const string Ns = "urn:xmpp:ping";

    public void Register(ModuleRegistry module)
    {
        module.AddFeature(To.Host, Ns);
        module.AddFeature(To.Bare, Ns);
        module.OnIq(IqType.Get, To.Host, Ns, "ping", Pong);
        module.OnIq(IqType.Get, To.Bare, Ns, "ping", Pong);
    }

    private static ValueTask Pong(IqRequest iq, CancellationToken ct) => iq.ReplyAsync(iq.Result(), ct);
}
