using Snikket.Server.Accounts;
using Snikket.Server.Hosting;
using Snikket.Server.Routing;
using Snikket.Server.Sessions;
using Snikket.Server.Storage;
using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Modules.Offline;

/// <summary>
/// XEP-0160: Best Practices for Handling Offline Messages. A chat or normal message that no
/// session took is stored (durably, before the sender's stanza counts as handled) and delivered
/// with a XEP-0203 delay when the account next sends initial presence with a non-negative
/// priority. Messages a dying session never received or never acknowledged (XEP-0198) are kept
/// the same way. A per-account cap and a per-sender rate keep one sender or one absence from
/// filling the disk.
/// </summary>
/// <remarks>
/// Delivery deletes a message once it is queued to the session, batch by batch. If the
/// connection then dies before the client read it, stream management hands the unacknowledged
/// messages back here (<see cref="UndeliveredStanzas"/>) and they are stored again; without
/// stream management the copy in the archive remains. Messages may thus arrive twice, never not
/// at all: nothing is deleted that was not queued to a session.
/// </remarks>
[Xep(160, "1.0.1")]
internal sealed partial class OfflineModule(OfflineStore store, OfflineOptions options, SessionRegistry sessions, TimeProvider time, ServerInfo server, ILogger<OfflineModule> logger) : IModule
{
    public const string Feature = "msgoffline";
    private const string DelayNs = "urn:xmpp:delay";
    private const string HintsNs = "urn:xmpp:hints";
    private const string ChatStatesNs = "http://jabber.org/protocol/chatstates";
    private const string StanzaIdNs = "urn:xmpp:sid:0";
    private const string CarbonsNs = "urn:xmpp:carbons:2";
    private const string MamNs = "urn:xmpp:mam:2";

    private readonly FloodGate _flood = new(options.MaxPerSenderPerMinute);

    // One delivery at a time per account (two sessions coming online together would otherwise
    // both get every message); striped, so memory does not grow with the number of accounts.
    private readonly SemaphoreSlim[] _deliveryLocks = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public void Register(ModuleRegistry module)
    {
        module.AddFeature(To.Host, Feature);
        module.OnMessageStage(MessageStage.Store, StoreAsync);
        module.On<SessionAvailable>((e, ct) => new ValueTask(DeliverAsync(e.Session, ct)));
        module.On<UndeliveredStanzas>((e, ct) => new ValueTask(KeepUndeliveredAsync(e, ct)));
        module.On<AccountDeleted>((e, ct) => new ValueTask(store.DeleteAccountAsync(e.Username, ct)));
        module.Every(TimeSpan.FromMinutes(1), _ =>
        {
            _flood.Prune(time.GetUtcNow().ToUnixTimeMilliseconds());
            return Task.CompletedTask;
        });
    }

    /// <summary>The store stage: keeps a message nobody took, or says why not.</summary>
    private async ValueTask StoreAsync(MessageDelivery delivery, CancellationToken ct)
    {
        var message = delivery.Stanza;
        if (HasHint(message, "no-store"))
        {
            // XEP-0334 §4.2: not to be stored anywhere; the sender learns it was not delivered.
            return;
        }

        if (IsNotification(message))
        {
            // XEP-0085 §5.8: standalone chat states are not stored offline; they are dropped silently,
            // sparing the sender an error about a typing notification.
            delivery.Reject(null);
            return;
        }

        var owner = delivery.To.Local!;
        var sender = delivery.From.Bare.ToString();
        if (!_flood.TryAdmit(owner, sender, time.GetUtcNow().ToUnixTimeMilliseconds()))
        {
            delivery.Reject(StanzaError.ResourceConstraint("Too many messages for a user who is offline; try again later."));
            return;
        }

        if (await store.CountAsync(owner, ct) >= options.MaxMessagesPerUser)
        {
            delivery.Reject(StanzaError.ServiceUnavailable("Offline storage full."));
            return;
        }

        await store.AddAsync([Row(owner, sender, message)], ct);
        delivery.Stored = true;

        // The recipient may have come online while this was being stored, after its own delivery
        // had read the store: hand it over now rather than at the next login.
        if (sessions.SessionsOf(delivery.To.Bare).FirstOrDefault(s => s.IsAvailable && s.Priority >= 0) is { } late)
        {
            await DeliverAsync(late, ct);
        }
    }

    /// <summary>Delivers everything stored for the session's account, oldest first, deleting what was queued.</summary>
    private async Task DeliverAsync(ClientSession session, CancellationToken ct)
    {
        if (!session.IsAvailable || session.Priority < 0)
        {
            // RFC 6121 §8.5.2.1.1: a negative priority never receives messages sent to the bare JID.
            return;
        }

        var owner = session.Username;
        var gate = _deliveryLocks[(uint)StringComparer.Ordinal.GetHashCode(owner) % (uint)_deliveryLocks.Length];
        await gate.WaitAsync(ct);
        var queued = new List<long>();
        try
        {
            var after = 0L;
            while (true)
            {
                var batch = await store.NextAsync(owner, after, options.DeliveryBatch, ct);
                foreach (var row in batch)
                {
                    after = row.Id;
                    if (!Deliver(session, row))
                    {
                        if (session.Outbox.IsClosing)
                        {
                            return;
                        }

                        // Held or dropped by a filter of this session: kept for a later session.
                        continue;
                    }

                    queued.Add(row.Id);
                }

                await store.DeleteAsync(owner, queued, CancellationToken.None);
                queued.Clear();
                if (batch.Count < options.DeliveryBatch)
                {
                    return;
                }
            }
        }
        finally
        {
            // Whatever was queued is the session's now, even if delivery stopped half-way.
            await store.DeleteAsync(owner, queued, CancellationToken.None);
            gate.Release();
        }
    }

    private bool Deliver(ClientSession session, OfflineMessage row)
    {
        Element message;
        try
        {
            message = StoredStanza.Parse(row.Stanza);
        }
        catch (InvalidDataException e)
        {
            // Cannot be delivered, ever: count it as delivered so it does not block the queue.
            Log.UnreadableRow(logger, row.Id, e);
            return true;
        }

        if (!message.Elements("delay", DelayNs).Any(d => d.GetAttribute("from") == server.Domain))
        {
            // XEP-0160 §3 / XEP-0203: when the server received it.
            message.AddElement("delay", DelayNs)
                .SetAttribute("from", server.Domain)
                .SetAttribute("stamp", DateTimeOffset.FromUnixTimeMilliseconds(row.Stamp).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        }

        return session.Send(message);
    }

    /// <summary>
    /// XEP-0198 §4: messages a session never received or never acknowledged are stored instead of
    /// being lost. No rate limit applies (they were accepted already); the cap does, and what does
    /// not fit is still in the archive.
    /// </summary>
    private async Task KeepUndeliveredAsync(UndeliveredStanzas undelivered, CancellationToken ct)
    {
        var owner = undelivered.Session.Username;
        var rows = new List<OfflineMessage>();
        foreach (var stanza in undelivered.Stanzas)
        {
            if (stanza.Name != "message"
                || (stanza.GetAttribute("type") ?? "normal") is not ("chat" or "normal")
                || stanza.Child("result", MamNs) is not null
                || stanza.Elements().Any(c => c.Namespace == CarbonsNs)
                || HasHint(stanza, "no-store")
                || IsNotification(stanza))
            {
                // Archive results and carbon copies are per session; the rest is not kept offline.
                continue;
            }

            var sender = Jid.TryParse(stanza.GetAttribute("from"), out var from) ? from.Bare.ToString() : server.Domain;
            rows.Add(Row(owner, sender, stanza));
        }

        if (rows.Count == 0)
        {
            return;
        }

        var room = Math.Max(0, options.MaxMessagesPerUser - await store.CountAsync(owner, ct));
        if (rows.Count > room)
        {
            Log.OverCap(logger, rows.Count - room, owner);
            rows.RemoveRange(room, rows.Count - room);
        }

        if (rows.Count > 0)
        {
            await store.AddAsync([.. rows], ct);
        }
    }

    private OfflineMessage Row(string owner, string sender, Element message) => new()
    {
        Owner = owner,
        Sender = sender,
        Stamp = time.GetUtcNow().ToUnixTimeMilliseconds(),
        Stanza = StoredStanza.Serialize(message),
    };

    private static bool HasHint(Element message, string hint) => message.Child(hint, HintsNs) is not null;

    /// <summary>True for a message that carries nothing but chat states (and threading, hints, ids).</summary>
    private static bool IsNotification(Element message) =>
        message.Elements().All(c => c.Namespace is ChatStatesNs or HintsNs or StanzaIdNs || (c.Name == "thread" && c.Namespace == Xmpp.Ns.Client));

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Stored offline message {Id} does not parse and was dropped")]
        public static partial void UnreadableRow(ILogger logger, long id, Exception exception);

        [LoggerMessage(2, LogLevel.Warning, "{Count} undelivered messages for {Owner} did not fit into offline storage; they remain in the archive")]
        public static partial void OverCap(ILogger logger, int count, string owner);
    }
}
