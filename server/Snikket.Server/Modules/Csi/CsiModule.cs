using Snikket.Server.Routing;
using Snikket.Server.Sessions;
using Snikket.Xmpp;

namespace Snikket.Server.Modules.Csi;

/// <summary>
/// XEP-0352: Client State Indication. While a client says it is inactive (a phone in a pocket),
/// presence updates wait, deduplicated, and everything else is delivered at once; see
/// <see cref="CsiFilter"/> for what waits and why. A session that never goes inactive gets no
/// filter at all.
/// </summary>
[Xep(352, "1.0.0")]
internal sealed class CsiModule : IModule
{
    public const string Ns = "urn:xmpp:csi:0";

    public void Register(ModuleRegistry module)
    {
        // §5.1: offered after authentication.
        module.AddStreamFeature(StreamStage.AfterAuth, static () => new Element("csi", Ns));
        module.OnNonza(Ns, IndicateAsync);
        module.On<SessionResumed>(ResumedAsync);
    }

    /// <summary>
    /// §5.2: &lt;active/&gt; or &lt;inactive/&gt;, no reply. It runs in the session's read loop,
    /// so everything held is queued before the next stanza from the client is processed (§6.1).
    /// </summary>
    private static ValueTask IndicateAsync(ClientSession session, Element nonza, CancellationToken ct)
    {
        var state = session.State<CsiState>();
        switch (nonza.Name)
        {
            case "inactive":
                state.Filter ??= Install(session);
                state.Filter.Deactivate();
                break;
            case "active":
                state.Filter?.Activate(session);
                break;
            default:
                throw new StreamErrorException(StreamErrorCondition.UnsupportedStanzaType, $"<{nonza.Name}/> is not a client state.");
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>§6.2: a resumed stream starts active, whatever the old one was.</summary>
    private static ValueTask ResumedAsync(SessionResumed resumed, CancellationToken ct)
    {
        resumed.Session.State<CsiState>().Filter?.Activate(resumed.Session);
        return ValueTask.CompletedTask;
    }

    private static CsiFilter Install(ClientSession session)
    {
        var filter = new CsiFilter();
        session.AddFilter(filter);
        return filter;
    }
}
