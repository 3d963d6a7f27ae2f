using System.Globalization;
using Snikket.Server.Routing;

namespace Snikket.Server.Modules.Time;

/// <summary>
/// XEP-0202: Entity Time, for the server only. The answer is always in UTC with a zero offset:
/// a server has no user's locale to speak for, the appliance's containers run on UTC, and the
/// host's own time zone would tell strangers where the machine stands without helping anyone.
/// Requests to an account's bare JID are not answered here (RFC 6120 §10.3.3: the server would be
/// speaking for the user); clients answer for their own full JIDs.
/// </summary>
[Xep(202, "2.0")]
internal sealed class TimeModule(TimeProvider time) : IModule
{
    public const string Ns = "urn:xmpp:time";

    public void Register(ModuleRegistry module)
    {
        module.AddFeature(To.Host, Ns);
        module.OnIq(IqType.Get, To.Host, Ns, "time", Answer);
    }

    private ValueTask Answer(IqRequest iq, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var reply = iq.Result();
        var payload = reply.AddElement("time", Ns);
        // XEP-0082 §3.2 DateTime profile; XEP-0202 §3: tzo as ±hh:mm, utc ending in Z.
        payload.AddElement("tzo", Ns).AddText("+00:00");
        payload.AddElement("utc", Ns).AddText(now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        return iq.ReplyAsync(reply, ct);
    }
}
