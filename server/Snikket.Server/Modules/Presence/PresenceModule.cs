using Snikket.Server.Hosting;
using Snikket.Server.Routing;
using Snikket.Server.Sessions;
using Snikket.Xmpp;

namespace Snikket.Server.Modules.Presence;

/// <summary>
/// RFC 6121 §4.6: directed presence between local sessions. Broadcast and subscriptions need the
/// roster, and arrive with it; until then a presence without a 'to' goes nowhere, and subscription
/// requests are dropped rather than delivered without the state machine that governs them.
/// </summary>
internal sealed class PresenceModule(SessionRegistry sessions, ServerInfo server, ServerEvents events) : IModule
{
    public void Register(ModuleRegistry module) => module.OnPresence(DeliverAsync);

    /// <summary>RFC 6121 §4.7.2.3: an integer from -128 to 127, 0 when absent or unreadable.</summary>
    private static int ParsePriority(Element presence) =>
        int.TryParse(presence.Child("priority", Ns.Client)?.Text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var priority)
            ? Math.Clamp(priority, -128, 127)
            : 0;

    private ValueTask DeliverAsync(Element presence, Jid from, Jid to, CancellationToken ct)
    {
        var type = presence.GetAttribute("type");
        var directed = presence.GetAttribute("to") is not null;
        if (!directed && type is null or "unavailable" && sessions.Find(from) is { } origin)
        {
            // RFC 6121 §4.2, §4.5: availability and priority decide where bare-JID messages go.
            var initial = type is null && !origin.IsAvailable;
            origin.Priority = type is null ? ParsePriority(presence) : 0;
            origin.Presence = type is null ? presence : null;
            // RFC 6121 §4.2: initial presence; what waited for the account can now be delivered.
            return initial ? events.PublishAsync(new SessionAvailable(origin), ct) : ValueTask.CompletedTask;
        }

        if (!directed || to.Domain != server.Domain || to.Local is null || type is not (null or "unavailable"))
        {
            return ValueTask.CompletedTask;
        }

        if (to.Resource is not null)
        {
            sessions.Find(to)?.Send(presence);
            return ValueTask.CompletedTask;
        }

        var recipients = sessions.SessionsOf(to);
        foreach (var session in recipients)
        {
            session.Send(presence);
        }

        return ValueTask.CompletedTask;
    }
}
