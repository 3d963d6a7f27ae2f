using System.Globalization;
using Snikket.Server.Modules.Roster;
using Snikket.Server.Routing;
using Snikket.Server.Sessions;
using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Modules.LastActivity;

/// <summary>
/// XEP-0012: Last Activity. The server answers with its uptime (§6); for an account's bare JID
/// with 0 while it has an available resource, otherwise with the seconds since its last session
/// ended and the status it left with (§4), which this module records when that session closes.
/// </summary>
[Xep(12, "2.0")]
internal sealed class LastActivityModule(LastActivityStore store, RosterStore roster, SessionRegistry sessions, TimeProvider time) : IModule
{
    public const string Ns = "jabber:iq:last";

    /// <summary>Characters of status text kept with a logout.</summary>
    public const int MaxStatusLength = 1024;

    // Modules are made when the handler table is built, at start-up (PeriodicWork needs it).
    private readonly long _started = time.GetTimestamp();

    public void Register(ModuleRegistry module)
    {
        module.AddFeature(To.Host, Ns);
        module.AddFeature(To.Bare, Ns);
        module.OnIq(IqType.Get, To.Host, Ns, "query", UptimeAsync);
        module.OnIq(IqType.Get, To.Bare, Ns, "query", AccountAsync);
        module.OnInbound(NoteStatusAsync);
        module.On<SessionClosed>(RecordLogoutAsync);
    }

    private ValueTask UptimeAsync(IqRequest iq, CancellationToken ct) =>
        iq.ReplyAsync(Answer(iq, (long)time.GetElapsedTime(_started).TotalSeconds, null), ct);

    private async ValueTask AccountAsync(IqRequest iq, CancellationToken ct)
    {
        if (!await roster.MaySeePresenceAsync(iq.To, iq.From, ct))
        {
            // §4 and §8: only those allowed to see the account's presence learn when it was last online.
            await iq.ErrorAsync(StanzaError.Forbidden(), ct);
            return;
        }

        if (sessions.SessionsOf(iq.To).Any(s => s.IsAvailable))
        {
            // §4: online now.
            await iq.ReplyAsync(Answer(iq, 0, null), ct);
            return;
        }

        var last = await store.GetAsync(iq.To.Local!, ct);
        if (last is null)
        {
            // Never logged out since this was recorded: there is no last activity to tell.
            await iq.ErrorAsync(StanzaError.ItemNotFound(), ct);
            return;
        }

        var seconds = Math.Max(0, time.GetUtcNow().ToUnixTimeSeconds() - last.LogoutAt);
        await iq.ReplyAsync(Answer(iq, seconds, last.Status), ct);
    }

    /// <summary>Remembers the status of a broadcast unavailable presence (§4: "the status message of the last unavailable presence").</summary>
    private static ValueTask<bool> NoteStatusAsync(ClientSession origin, Element stanza, Jid to, CancellationToken ct)
    {
        if (stanza.Name == "presence" && stanza.GetAttribute("type") == "unavailable" && stanza.GetAttribute("to") is null)
        {
            origin.State<LastStatus>().Text = Bounded(stanza.Child("status", stanza.Namespace)?.Text);
        }

        return ValueTask.FromResult(false);
    }

    /// <summary>A status is a line or two; a longer one is cut so a row stays small.</summary>
    private static string? Bounded(string? status)
    {
        if (status is null || status.Length <= MaxStatusLength)
        {
            return status;
        }

        var cut = char.IsHighSurrogate(status[MaxStatusLength - 1]) ? MaxStatusLength - 1 : MaxStatusLength;
        return status[..cut];
    }

    private async ValueTask RecordLogoutAsync(SessionClosed closed, CancellationToken ct)
    {
        var session = closed.Session;
        if (sessions.SessionsOf(session.Jid.Bare).Count > 0)
        {
            // Another session is still connected: the account has not logged out.
            return;
        }

        await store.RecordAsync(session.Username, time.GetUtcNow(), session.State<LastStatus>().Text, ct);
    }

    private static Element Answer(IqRequest iq, long seconds, string? status)
    {
        var reply = iq.Result();
        var query = reply.AddElement("query", Ns).SetAttribute("seconds", seconds.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(status))
        {
            query.AddText(status);
        }

        return reply;
    }
}
