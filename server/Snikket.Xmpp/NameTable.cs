using System.Text;

namespace Snikket.Xmpp;

/// <summary>
/// Turns UTF-8 names and namespace URIs into strings without allocating for the common ones:
/// a fixed, process-wide table of well-known XMPP names (built once, never written afterwards)
/// and a small per-parser cache for the names a particular client keeps using.
/// </summary>
internal sealed class NameTable
{
    private const int MaxCachedBytes = 64;
    private const int CacheSize = 64;

    private static readonly WellKnown s_wellKnown = new(
    [
        "stream", "features", "error", "message", "presence", "iq", "body", "subject", "thread", "x", "c",
        "query", "item", "items", "starttls", "proceed", "required", "auth", "response", "challenge",
        "success", "failure", "abort", "mechanisms", "mechanism", "bind", "resource", "jid", "session",
        "enable", "enabled", "resume", "resumed", "r", "a", "sm", "request", "received", "active",
        "inactive", "composing", "paused", "gone", "delay", "stanza-id", "origin-id", "ping", "show",
        "status", "priority", "text", "to", "from", "id", "type", "lang", "xmlns", "xml", "version",
        "stream", "h", "ver", "node", "hash", "by", "stamp", "markable", "displayed", "store", "no-store",
        "get", "set", "result", "chat", "groupchat", "normal", "headline", "unavailable", "subscribe",
        "subscribed", "unsubscribe", "unsubscribed", "probe", "open", "close", "fin", "set", "first",
        "last", "count", "max", "before", "after", "field", "value", "var", "feature", "identity",
        "category", "name", "data", "sub", "ask", "group", "publish", "retract", "event", "pubsub",
        "true", "false", "1", "0",
        Ns.Streams, Ns.Client, Ns.Server, Ns.Tls, Ns.Sasl, Ns.Bind, Ns.Session, Ns.StreamErrors, Ns.Stanzas,
        Ns.Xml, Ns.Framing, "urn:xmpp:ping", "urn:xmpp:sm:3", "http://jabber.org/protocol/chatstates",
        "jabber:iq:roster", "urn:xmpp:receipts", "urn:xmpp:delay", "urn:xmpp:sid:0", "urn:xmpp:mam:2",
        "http://jabber.org/protocol/disco#info", "http://jabber.org/protocol/disco#items",
        "urn:xmpp:carbons:2", "http://jabber.org/protocol/caps", "urn:xmpp:hints", "urn:xmpp:chat-markers:0",
        "urn:xmpp:csi:0", "jabber:x:data", "urn:xmpp:forward:0", "http://jabber.org/protocol/pubsub",
        "http://jabber.org/protocol/pubsub#event", "http://jabber.org/protocol/muc",
        "http://jabber.org/protocol/muc#user", "urn:xmpp:message-correct:0", "urn:xmpp:blocking",
        "jabber:iq:private", "vcard-temp", "urn:xmpp:http:upload:0", "urn:xmpp:extdisco:2",
        "eu.siacs.conversations.axolotl", "urn:xmpp:omemo:2", "urn:xmpp:sasl:2", "urn:xmpp:bind:0",
    ]);

    private readonly Entry[] _cache = new Entry[CacheSize];

    /// <summary>A string for a name or namespace: shared when well known or recently seen.</summary>
    public string GetName(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxCachedBytes)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        var hash = Hash(utf8);
        var known = s_wellKnown.Find(utf8, hash);
        if (known is not null)
        {
            return known;
        }

        ref var entry = ref _cache[hash & (CacheSize - 1)];
        if (entry.Key is not null && utf8.SequenceEqual(entry.Key))
        {
            return entry.Value!;
        }

        var value = Encoding.UTF8.GetString(utf8);
        entry.Key = utf8.ToArray();
        entry.Value = value;
        return value;
    }

    /// <summary>A string for an attribute value: shared only when well known (ids are unique, not worth caching).</summary>
    public static string GetValue(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length <= 16)
        {
            var known = s_wellKnown.Find(utf8, Hash(utf8));
            if (known is not null)
            {
                return known;
            }
        }

        return Encoding.UTF8.GetString(utf8);
    }

    // FNV-1a: names are short, and this needs no per-process seed or allocation.
    private static uint Hash(ReadOnlySpan<byte> utf8)
    {
        var hash = 2166136261u;
        foreach (var b in utf8)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }

    private struct Entry
    {
        public byte[]? Key;
        public string? Value;
    }

    /// <summary>Open-addressed table filled in the constructor and only read afterwards.</summary>
    private sealed class WellKnown
    {
        private const int Size = 512;
        private readonly byte[]?[] _keys = new byte[Size][];
        private readonly string?[] _values = new string[Size];

        public WellKnown(string[] names)
        {
            foreach (var name in names)
            {
                var key = Encoding.UTF8.GetBytes(name);
                if (Find(key, Hash(key)) is not null)
                {
                    continue;
                }

                var slot = (int)(Hash(key) & (Size - 1));
                while (_keys[slot] is not null)
                {
                    slot = (slot + 1) & (Size - 1);
                }

                _keys[slot] = key;
                _values[slot] = string.Intern(name);
            }
        }

        public string? Find(ReadOnlySpan<byte> utf8, uint hash)
        {
            var slot = (int)(hash & (Size - 1));
            while (true)
            {
                var key = _keys[slot];
                if (key is null)
                {
                    return null;
                }

                if (utf8.SequenceEqual(key))
                {
                    return _values[slot];
                }

                slot = (slot + 1) & (Size - 1);
            }
        }
    }
}
