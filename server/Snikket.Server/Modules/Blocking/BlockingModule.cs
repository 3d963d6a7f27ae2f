using Snikket.Server.Accounts;
using Snikket.Server.Hosting;
using Snikket.Server.Routing;
using Snikket.Server.Sessions;
using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Modules.Blocking;

/// <summary>
/// XEP-0191: Blocking Command, with XEP-0377 spam reports attached to a block. A user's block list
/// is kept in the database and, while the account has sessions, in one shared <see cref="BlockList"/>.
/// Enforcement (§3.3): what the user sends to a blocked JID is refused with &lt;not-acceptable/&gt;
/// and &lt;blocked/&gt; (presence and responses dropped); what a blocked JID sends the user is
/// dropped (presence, responses) or refused with &lt;service-unavailable/&gt; (messages, requests),
/// so the user looks offline to it. Messages are refused in the <see cref="MessageStage.Filter"/>
/// stage, before they are archived, stored offline or copied.
/// </summary>
[Xep(191, "1.3")]
[Xep(377, "0.4.1")]
internal sealed partial class BlockingModule(
    SessionRegistry sessions,
    IStanzaSender sender,
    ServerInfo server,
    BlockingStore store,
    BlockLists lists,
    ILogger<BlockingModule> logger) : IModule
{
    public const string Ns = "urn:xmpp:blocking";
    public const string ErrorsNs = "urn:xmpp:blocking:errors";
    public const string ReportingNs = "urn:xmpp:reporting:1";
    public const string LegacyReportingNs = "urn:xmpp:reporting:0";

    /// <summary>Entries a block list may hold: enough for any person, bounded for the server.</summary>
    public const int MaxItems = 1000;

    private readonly BlockingFilter _filter = new(lists, server.Domain);
    private long _pushes;

    public void Register(ModuleRegistry module)
    {
        module.AddFeature(To.Host, Ns);
        module.AddFeature(To.Host, ReportingNs);
        module.OnIq(IqType.Get, To.Bare, Ns, "blocklist", GetAsync);
        module.OnIq(IqType.Set, To.Bare, Ns, "block", BlockAsync);
        module.OnIq(IqType.Set, To.Bare, Ns, "unblock", UnblockAsync);
        module.OnInbound(InboundAsync);
        module.OnMessageStage(MessageStage.Filter, FilterMessageAsync);
        module.On<SessionBound>(BoundAsync);
        module.On<SessionClosed>(ClosedAsync);
        module.On<AccountDeleted>(AccountDeletedAsync);
    }

    /// <summary>Loads the account's list (shared with its other sessions) and starts filtering before the first stanza.</summary>
    private async ValueTask BoundAsync(SessionBound bound, CancellationToken ct)
    {
        var session = bound.Session;
        var state = session.State<BlockingSession>();
        state.Bare = session.Jid.Bare.ToString();
        state.Full = session.Jid.ToString();
        try
        {
            state.List = await lists.AcquireAsync(session.Username, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Without its block list a session would receive what the user blocked: end it instead.
            Log.LoadFailed(logger, session.Username, e);
            session.Close(new StreamErrorException(StreamErrorCondition.InternalServerError, "The block list could not be loaded."));
            return;
        }

        session.AddFilter(_filter);
    }

    private ValueTask ClosedAsync(SessionClosed closed, CancellationToken ct)
    {
        lists.Release(closed.Session.Username);
        return ValueTask.CompletedTask;
    }

    private async ValueTask AccountDeletedAsync(AccountDeleted deleted, CancellationToken ct)
    {
        await store.ClearAsync(deleted.Username, ct);
        lists.Forget(deleted.Username);
    }

    /// <summary>§3.2: the block list; the session now gets pushes.</summary>
    private ValueTask GetAsync(IqRequest iq, CancellationToken ct)
    {
        if (Own(iq) is not { } state)
        {
            return iq.ErrorAsync(StanzaError.Forbidden("You can read only your own block list."), ct);
        }

        state.RequestedList = true;
        var reply = iq.Result();
        var blocklist = reply.AddElement("blocklist", Ns);
        foreach (var jid in state.List!.Items)
        {
            blocklist.AddElement("item", Ns).SetAttribute("jid", jid);
        }

        return iq.ReplyAsync(reply, ct);
    }

    /// <summary>§3.3: block one or more JIDs; XEP-0377 reports in the items are kept for the administrators.</summary>
    private async ValueTask BlockAsync(IqRequest iq, CancellationToken ct)
    {
        if (Own(iq) is not { } state)
        {
            await iq.ErrorAsync(StanzaError.Forbidden("You can change only your own block list."), ct);
            return;
        }

        var (jids, error) = ParseItems(iq.Payload);
        if (error is null && jids.Count == 0)
        {
            error = StanzaError.BadRequest("Name at least one JID to block.");
        }

        if (error is not null)
        {
            await iq.ErrorAsync(error, ct);
            return;
        }

        var list = state.List!;
        var added = list.TryAdd(jids, MaxItems);
        if (added is null)
        {
            await iq.ErrorAsync(StanzaError.PolicyViolation($"A block list holds at most {MaxItems} JIDs."), ct);
            return;
        }

        try
        {
            await store.AddAsync(iq.From.Local!, added, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            list.Remove(added);
            Log.SaveFailed(logger, iq.From.Local!, e);
            await iq.ErrorAsync(StanzaError.InternalServerError(), ct);
            return;
        }

        await KeepReportsAsync(iq, ct);
        await iq.ReplyAsync(iq.Result(), ct);
        SendUnavailable(iq.From.Bare, added);
        Push(iq.From.Bare, "block", jids);
    }

    /// <summary>§3.4 and §3.5: unblock the JIDs named, or every JID when none is.</summary>
    private async ValueTask UnblockAsync(IqRequest iq, CancellationToken ct)
    {
        if (Own(iq) is not { } state)
        {
            await iq.ErrorAsync(StanzaError.Forbidden("You can change only your own block list."), ct);
            return;
        }

        var (jids, error) = ParseItems(iq.Payload);
        if (error is not null)
        {
            await iq.ErrorAsync(error, ct);
            return;
        }

        var list = state.List!;
        var all = jids.Count == 0;
        var removed = all ? list.Clear() : list.Remove(jids);
        try
        {
            if (all)
            {
                await store.ClearAsync(iq.From.Local!, ct);
            }
            else
            {
                await store.RemoveAsync(iq.From.Local!, removed, ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            list.TryAdd(removed, int.MaxValue);
            Log.SaveFailed(logger, iq.From.Local!, e);
            await iq.ErrorAsync(StanzaError.InternalServerError(), ct);
            return;
        }

        // TODO: §3.4 asks for the user's current presence to go to unblocked contacts that may see
        // it; that needs the subscription state, which the presence module owns. Until then they
        // see the user again with the next presence broadcast.
        await iq.ReplyAsync(iq.Result(), ct);
        Push(iq.From.Bare, "unblock", jids);
    }

    /// <summary>
    /// §3.3 for stanzas a local client sends: to a JID it blocked (refused), and IQs and presence
    /// to a local account that blocked the sender. Messages to a blocking account are refused in
    /// <see cref="FilterMessageAsync"/>, where offline storage and carbons respect it too.
    /// </summary>
    private async ValueTask<bool> InboundAsync(ClientSession origin, Element stanza, Jid to, CancellationToken ct)
    {
        var own = origin.State<BlockingSession>().List;
        if (own is not null && own.Count > 0 && !IsOwnOrServer(origin.Jid, to) && own.Blocks(to.ToString()))
        {
            if (IsRequest(stanza))
            {
                // Straight to the session: its own filter would drop an error from a blocked JID.
                origin.SendUnfiltered(BlockedError(stanza));
            }

            return true;
        }

        if (stanza.Name == "message" || to.Domain != server.Domain || to.Local is not { } recipient || recipient == origin.Username
            || !await lists.BlocksAsync(recipient, origin.Jid, ct))
        {
            return false;
        }

        if (IsRequest(stanza))
        {
            // §3.3: service-unavailable, as if the user were not there.
            sender.Send(Stanza.ErrorReply(stanza, StanzaError.ServiceUnavailable()));
        }

        return true;
    }

    /// <summary>§3.3: a message from a JID the recipient blocked is refused with service-unavailable.</summary>
    private async ValueTask FilterMessageAsync(MessageDelivery delivery, CancellationToken ct)
    {
        if (delivery.From.Bare != delivery.To.Bare && await lists.BlocksAsync(delivery.To.Local!, delivery.From, ct))
        {
            delivery.Reject(StanzaError.ServiceUnavailable());
        }
    }

    /// <summary>The requesting session's blocking state, when the IQ is about its own account.</summary>
    private BlockingSession? Own(IqRequest iq) =>
        iq.To.Bare == iq.From.Bare && sessions.Find(iq.From) is { } session && session.State<BlockingSession>() is { List: not null } state
            ? state
            : null;

    private bool IsOwnOrServer(Jid self, Jid to) => to.Bare == self.Bare || (to.IsDomain && to.Domain == server.Domain);

    /// <summary>Messages and IQ requests get an error; presence, responses and errors do not (RFC 6120 §8.3.1).</summary>
    private static bool IsRequest(Element stanza) => stanza.Name switch
    {
        "message" => !Stanza.IsError(stanza),
        "iq" => stanza.GetAttribute("type") is "get" or "set",
        _ => false,
    };

    /// <summary>§3.3: not-acceptable with the application condition &lt;blocked/&gt;, as in the XEP's example.</summary>
    private static Element BlockedError(Element stanza)
    {
        var reply = Stanza.ErrorReply(stanza, new StanzaError("not-acceptable", StanzaErrorType.Cancel, "You have blocked this contact."));
        reply.Child("error", stanza.Namespace)!.AddElement("blocked", ErrorsNs);
        return reply;
    }

    /// <summary>The items' JIDs, canonical and without duplicates, or the error for a bad item.</summary>
    private static (List<string> Jids, StanzaError? Error) ParseItems(Element payload)
    {
        var jids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in payload.Elements("item", Ns))
        {
            var value = item.GetAttribute("jid");
            if (value is null)
            {
                return (jids, StanzaError.BadRequest("Each item needs a 'jid'."));
            }

            if (!Jid.TryParse(value, out var jid))
            {
                return (jids, StanzaError.JidMalformed($"'{Truncate(value, 100)}' is not a valid JID."));
            }

            if (seen.Add(jid.ToString()))
            {
                jids.Add(jid.ToString());
            }

            if (jids.Count > MaxItems)
            {
                return (jids, StanzaError.PolicyViolation($"A block list holds at most {MaxItems} JIDs."));
            }
        }

        return (jids, null);
    }

    /// <summary>
    /// XEP-0377 §6: a report never changes the outcome of the block, so a report without a reason
    /// is ignored rather than refused. Text and stanza ids are bounded.
    /// </summary>
    private async Task KeepReportsAsync(IqRequest iq, CancellationToken ct)
    {
        foreach (var item in iq.Payload.Elements("item", Ns))
        {
            var report = item.Child("report", ReportingNs) ?? item.Child("report", LegacyReportingNs);
            if (report is null)
            {
                continue;
            }

            var reason = ReasonOf(report);
            if (string.IsNullOrEmpty(reason) || reason.Length > 200)
            {
                Log.ReportIgnored(logger, iq.From.Local!);
                continue;
            }

            var text = report.Child("text", report.Namespace)?.Text.Trim();
            var ids = report.Elements("stanza-id", "urn:xmpp:sid:0")
                .Select(s => (By: s.GetAttribute("by"), Id: s.GetAttribute("id")))
                .Where(s => s.By is { Length: > 0 and <= 1000 } && s.Id is { Length: > 0 and <= 200 } && !s.Id.Any(char.IsControl))
                .Take(50)
                .Select(s => $"{s.By} {s.Id}")
                .ToList();
            try
            {
                await store.ReportAsync(
                    iq.From.Local!,
                    Jid.Parse(item.GetAttribute("jid")!).ToString(),
                    reason,
                    string.IsNullOrEmpty(text) ? null : Truncate(text, 4000),
                    ids.Count == 0 ? null : string.Join('\n', ids),
                    ct);
                Log.Reported(logger, iq.From.Local!, reason);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The block stands; losing the report is logged for the administrators.
                Log.SaveFailed(logger, iq.From.Local!, e);
            }
        }
    }

    /// <summary>
    /// The reason URI of a report. COMPAT: XEP-0377 before 0.3 (<c>urn:xmpp:reporting:0</c>, as
    /// slixmpp 1.8 and older Conversations send it) names the reason by a child element instead.
    /// </summary>
    private static string? ReasonOf(Element report) =>
        report.Namespace == ReportingNs
            ? report.GetAttribute("reason")
            : report.Child("spam", LegacyReportingNs) is not null ? "urn:xmpp:reporting:spam"
            : report.Child("abuse", LegacyReportingNs) is not null ? "urn:xmpp:reporting:abuse"
            : null;

    /// <summary>
    /// §3.3: the newly blocked contacts see the user go offline. Sent for accounts and full JIDs only,
    /// never for a whole domain. TODO: restrict to contacts allowed to see the user's presence once
    /// the presence module exposes subscriptions; an unavailable presence tells others nothing.
    /// </summary>
    private void SendUnavailable(Jid user, List<string> blocked)
    {
        var available = sessions.SessionsOf(user).Where(s => s.IsAvailable).ToList();
        if (available.Count == 0)
        {
            return;
        }

        foreach (var value in blocked)
        {
            var contact = Jid.Parse(value);
            if (contact.Local is null || contact.Domain != server.Domain || contact.Bare == user)
            {
                continue;
            }

            var recipients = contact.Resource is null ? sessions.SessionsOf(contact) : sessions.Find(contact) is { } one ? [one] : [];
            foreach (var session in available)
            {
                foreach (var recipient in recipients)
                {
                    // Unfiltered: the blocking filter would now keep the user's presence from the contact.
                    recipient.SendUnfiltered(new Element("presence", Xmpp.Ns.Client)
                        .SetAttribute("type", "unavailable")
                        .SetAttribute("from", session.Jid.ToString())
                        .SetAttribute("to", recipient.Jid.ToString()));
                }
            }
        }
    }

    /// <summary>§3.3/§3.4: the change goes to every session of the user that asked for the list.</summary>
    private void Push(Jid user, string command, List<string> jids)
    {
        foreach (var session in sessions.SessionsOf(user))
        {
            if (!session.State<BlockingSession>().RequestedList)
            {
                continue;
            }

            var push = new Element("iq", Xmpp.Ns.Client)
                .SetAttribute("type", "set")
                .SetAttribute("id", "block-push-" + Interlocked.Increment(ref _pushes).ToString(System.Globalization.CultureInfo.InvariantCulture))
                .SetAttribute("to", session.Jid.ToString());
            var payload = push.AddElement(command, Ns);
            foreach (var jid in jids)
            {
                payload.AddElement("item", Ns).SetAttribute("jid", jid);
            }

            session.Send(push);
        }
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "The block list of {Username} could not be loaded; the session is closed")]
        public static partial void LoadFailed(ILogger logger, string username, Exception exception);

        [LoggerMessage(2, LogLevel.Error, "A block list change or report of {Username} could not be saved")]
        public static partial void SaveFailed(ILogger logger, string username, Exception exception);

        [LoggerMessage(3, LogLevel.Information, "{Username} reported a blocked JID ({Reason})")]
        public static partial void Reported(ILogger logger, string username, string reason);

        [LoggerMessage(4, LogLevel.Debug, "A report from {Username} without a valid reason was ignored")]
        public static partial void ReportIgnored(ILogger logger, string username);
    }
}
