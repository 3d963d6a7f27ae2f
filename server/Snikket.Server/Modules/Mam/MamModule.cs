using Snikket.Server.Accounts;
using Snikket.Server.Hosting;
using Snikket.Server.Routing;
using Snikket.Server.Storage;
using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Modules.Mam;

/// <summary>
/// XEP-0313: Message Archive Management, with the <c>#extended</c> feature (before-id, after-id,
/// ids, flipped pages, metadata), XEP-0441 preferences, XEP-0359 stanza ids and XEP-0059 paging.
/// Every archivable message between local users goes into the recipient's and the sender's
/// archive before it is delivered, and is committed before routing returns, so a message the
/// server acknowledged (XEP-0198) is on disk. Old messages expire after the retention period.
/// </summary>
[Xep(313, "1.1.3")]
internal sealed partial class MamModule(MamStore store, MamOptions options, IStanzaSender sender, TimeProvider time, ServerInfo server, ILogger<MamModule> logger) : IModule
{
    public const string Ns = "urn:xmpp:mam:2";
    public const string ExtendedFeature = "urn:xmpp:mam:2#extended";
    public const string StanzaIdNs = "urn:xmpp:sid:0";
    public const string ForwardNs = "urn:xmpp:forward:0";
    public const string DelayNs = "urn:xmpp:delay";
    private const string ValidateNs = "http://jabber.org/protocol/xdata-validate";

    public void Register(ModuleRegistry module)
    {
        module.AddFeature(To.Bare, Ns);
        module.AddFeature(To.Bare, ExtendedFeature);
        module.AddFeature(To.Bare, StanzaIdNs);
        module.OnMessageStage(MessageStage.Archive, ArchiveAsync);
        module.OnIq(IqType.Set, To.Bare, Ns, "query", QueryAsync);
        module.OnIq(IqType.Get, To.Bare, Ns, "query", FormAsync);
        module.OnIq(IqType.Get, To.Bare, Ns, "metadata", MetadataAsync);
        module.OnIq(IqType.Get, To.Bare, Ns, "prefs", GetPrefsAsync);
        module.OnIq(IqType.Set, To.Bare, Ns, "prefs", SetPrefsAsync);
        module.On<AccountDeleted>((e, ct) => new ValueTask(store.DeleteAccountAsync(e.Username, ct)));
        module.Every(options.ExpiryInterval, ExpireAsync);
    }

    /// <summary>
    /// The archive stage: removes stanza-ids forged in our archives' names, stores the message in
    /// the recipient's and the sender's archive as their preferences allow, waits for the commit,
    /// then stamps the recipient's archive id on the message about to be delivered.
    /// </summary>
    private async ValueTask ArchiveAsync(MessageDelivery delivery, CancellationToken ct)
    {
        var stanza = delivery.Stanza;
        var recipient = delivery.To.Bare;
        var from = delivery.From;
        var senderIsLocal = from.Local is not null && from.Domain == server.Domain;
        RemoveForgedStanzaIds(stanza, recipient, senderIsLocal ? from.Bare : null);
        if (!Archivable.Message(stanza, delivery.Type))
        {
            return;
        }

        var toRecipient = (await store.GetPolicyAsync(recipient.Local!, ct)).Allows(from);
        // A message to oneself is one message in one archive (XEP-0313 §6.1.1: stored only once).
        var toSender = senderIsLocal && from.Bare != recipient && (await store.GetPolicyAsync(from.Local!, ct)).Allows(delivery.To);
        if (!toRecipient && !toSender)
        {
            return;
        }

        // The stored copy is the message as its sender sent it (with the server-stamped 'from'),
        // without the stanza-id, which is per archive and comes back in the result's 'id'.
        var xml = StoredStanza.Serialize(stanza);
        var stamp = time.GetUtcNow().ToUnixTimeMilliseconds();
        var incoming = new ArchivedMessage { Owner = recipient.Local!, WithBare = from.Bare.ToString(), WithResource = from.Resource, Stamp = stamp, Stanza = xml };
        var outgoing = new ArchivedMessage { Owner = from.Local ?? "", WithBare = recipient.ToString(), WithResource = delivery.To.Resource, Stamp = stamp, Stanza = xml };
        ArchivedMessage[] rows = (toRecipient, toSender) switch
        {
            (true, true) => [incoming, outgoing],
            (true, false) => [incoming],
            _ => [outgoing],
        };
        await store.AppendAsync(rows, ct);

        if (toRecipient)
        {
            // XEP-0313 §3.5: tell the recipient where the message is stored. The
            // sender's id is not added: the message goes to the recipient, not to the sender.
            stanza.AddElement("stanza-id", StanzaIdNs)
                .SetAttribute("by", recipient.ToString())
                .SetAttribute("id", ArchiveIds.Format(incoming.Id));
        }
    }

    /// <summary>
    /// XEP-0359 §4 (rule 2): a stanza-id whose 'by' names an archive of ours can only be a forgery when it
    /// arrives from outside, and a client would trust it; remove it whether or not we archive.
    /// </summary>
    private static void RemoveForgedStanzaIds(Element stanza, Jid recipient, Jid? localSender)
    {
        List<Element>? forged = null;
        foreach (var id in stanza.Elements("stanza-id", StanzaIdNs))
        {
            if (Jid.TryParse(id.GetAttribute("by"), out var by) && (by == recipient || by == localSender))
            {
                (forged ??= []).Add(id);
            }
        }

        foreach (var id in forged ?? [])
        {
            stanza.RemoveNode(id);
        }
    }

    private async ValueTask QueryAsync(IqRequest iq, CancellationToken ct)
    {
        if (!IsOwnArchive(iq))
        {
            await iq.ErrorAsync(StanzaError.Forbidden("Only the account itself may read its archive."), ct);
            return;
        }

        if (!ArchiveQuery.TryParse(iq.Payload, options, out var query, out var error))
        {
            await iq.ErrorAsync(error, ct);
            return;
        }

        var owner = iq.To.Local!;
        if (!await store.ContainsAllAsync(owner, query.NamedIds.ToHashSet(), ct))
        {
            // XEP-0313 §4.1.3, §4.3.2: an id the client named is not in the archive.
            await iq.ErrorAsync(StanzaError.ItemNotFound("A message the query names is not in the archive."), ct);
            return;
        }

        var page = await store.QueryAsync(owner, query, ct);
        var results = query.Flip ? page.Items.Reverse() : page.Items;
        foreach (var item in results)
        {
            if (Result(iq, query, item) is { } result)
            {
                sender.Send(result);
            }
        }

        // The IQ result goes after the last result message, on the same queue (XEP-0313 §4).
        var reply = iq.Result();
        var fin = reply.AddElement("fin", Ns);
        if (page.Complete)
        {
            fin.SetAttribute("complete", "true");
        }

        var set = fin.AddElement("set", ArchiveQuery.RsmNs);
        if (page.Items.Count > 0)
        {
            var first = query.Flip ? page.Items[^1] : page.Items[0];
            var last = query.Flip ? page.Items[0] : page.Items[^1];
            var firstElement = set.AddElement("first", ArchiveQuery.RsmNs).AddText(ArchiveIds.Format(first.Id));
            if (!query.Flip)
            {
                firstElement.SetAttribute("index", page.FirstIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            set.AddElement("last", ArchiveQuery.RsmNs).AddText(ArchiveIds.Format(last.Id));
        }

        set.AddElement("count", ArchiveQuery.RsmNs).AddText(page.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await iq.ReplyAsync(reply, ct);
    }

    /// <summary>One result message (XEP-0313 §4.2): the stored message, forwarded with its delay stamp.</summary>
    private Element? Result(IqRequest iq, ArchiveQuery query, ArchivedMessage item)
    {
        Element original;
        try
        {
            original = StoredStanza.Parse(item.Stanza);
        }
        catch (InvalidDataException e)
        {
            Log.UnreadableRow(logger, item.Id, e);
            return null;
        }

        var message = new Element("message", Xmpp.Ns.Client)
            .SetAttribute("to", iq.From.ToString())
            .SetAttribute("from", iq.To.ToString());
        var forwarded = message.AddElement("result", Ns)
            .SetAttribute("queryid", query.QueryId)
            .SetAttribute("id", ArchiveIds.Format(item.Id))
            .AddElement("forwarded", ForwardNs);
        forwarded.AddElement("delay", DelayNs).SetAttribute("stamp", XmppDateTime.Format(item.Stamp));
        forwarded.Add(original);
        return message;
    }

    /// <summary>XEP-0313 §4.1.5: the fields a query form may use.</summary>
    private ValueTask FormAsync(IqRequest iq, CancellationToken ct)
    {
        if (!IsOwnArchive(iq))
        {
            return iq.ErrorAsync(StanzaError.Forbidden("Only the account itself may read its archive."), ct);
        }

        var reply = iq.Result();
        var form = reply.AddElement("query", Ns).AddElement("x", ArchiveQuery.DataNs).SetAttribute("type", "form");
        form.AddElement("field", ArchiveQuery.DataNs).SetAttribute("type", "hidden").SetAttribute("var", "FORM_TYPE")
            .AddElement("value", ArchiveQuery.DataNs).AddText(Ns);
        foreach (var (type, name) in new[] { ("jid-single", "with"), ("text-single", "start"), ("text-single", "end"), ("text-single", "before-id"), ("text-single", "after-id") })
        {
            form.AddElement("field", ArchiveQuery.DataNs).SetAttribute("type", type).SetAttribute("var", name);
        }

        // The list of possible ids is open (XEP-0122), never enumerated.
        form.AddElement("field", ArchiveQuery.DataNs).SetAttribute("type", "list-multi").SetAttribute("var", "ids")
            .AddElement("validate", ValidateNs).SetAttribute("datatype", "xs:string")
            .AddElement("open", ValidateNs);
        return iq.ReplyAsync(reply, ct);
    }

    /// <summary>XEP-0313 §5: the first and last message of the archive; an empty element when there is none.</summary>
    private async ValueTask MetadataAsync(IqRequest iq, CancellationToken ct)
    {
        if (!IsOwnArchive(iq))
        {
            await iq.ErrorAsync(StanzaError.Forbidden("Only the account itself may read its archive."), ct);
            return;
        }

        var (first, last) = await store.BoundsAsync(iq.To.Local!, ct);
        var reply = iq.Result();
        var metadata = reply.AddElement("metadata", Ns);
        if (first is not null && last is not null)
        {
            metadata.AddElement("start", Ns).SetAttribute("id", ArchiveIds.Format(first.Id)).SetAttribute("timestamp", XmppDateTime.Format(first.Stamp));
            metadata.AddElement("end", Ns).SetAttribute("id", ArchiveIds.Format(last.Id)).SetAttribute("timestamp", XmppDateTime.Format(last.Stamp));
        }

        await iq.ReplyAsync(reply, ct);
    }

    /// <summary>XEP-0441 §2.1: the current preferences.</summary>
    private async ValueTask GetPrefsAsync(IqRequest iq, CancellationToken ct)
    {
        if (!IsOwnArchive(iq))
        {
            await iq.ErrorAsync(StanzaError.Forbidden("Only the account itself may see its archiving preferences."), ct);
            return;
        }

        var reply = iq.Result();
        reply.Add((await store.GetPolicyAsync(iq.To.Local!, ct)).ToElement());
        await iq.ReplyAsync(reply, ct);
    }

    /// <summary>XEP-0441 §2.2: replaces the preferences and answers with them as stored.</summary>
    private async ValueTask SetPrefsAsync(IqRequest iq, CancellationToken ct)
    {
        if (!IsOwnArchive(iq))
        {
            await iq.ErrorAsync(StanzaError.Forbidden("Only the account itself may change its archiving preferences."), ct);
            return;
        }

        if (!ArchivePolicy.TryParse(iq.Payload, out var policy, out var error))
        {
            await iq.ErrorAsync(error, ct);
            return;
        }

        await store.SetPolicyAsync(iq.To.Local!, policy, ct);
        var reply = iq.Result();
        reply.Add(policy.ToElement());
        await iq.ReplyAsync(reply, ct);
    }

    /// <summary>Deletes messages older than the retention, a batch at a time, until none is left.</summary>
    private async Task ExpireAsync(CancellationToken ct)
    {
        var cutoff = (time.GetUtcNow() - options.Retention).ToUnixTimeMilliseconds();
        var total = 0;
        int deleted;
        do
        {
            deleted = await store.ExpireAsync(cutoff, options.ExpiryBatch, ct);
            total += deleted;
        }
        while (deleted == options.ExpiryBatch);

        if (total > 0)
        {
            Log.Expired(logger, total);
        }
    }

    /// <summary>XEP-0313 §3.3.1: a user archive is the account's, and only the account reads it.</summary>
    private static bool IsOwnArchive(IqRequest iq) => iq.To.Bare == iq.From.Bare;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Archive expiry deleted {Count} messages")]
        public static partial void Expired(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Warning, "Archived message {Id} does not parse and was left out of a query result")]
        public static partial void UnreadableRow(ILogger logger, long id, Exception exception);
    }
}
