using Snikket.Server.Sessions;
using Snikket.Xmpp;

namespace Snikket.Server.Modules.Csi;

/// <summary>
/// What an inactive client (XEP-0352 §3) is spared. Presence updates (available and unavailable)
/// are held, only the latest per sender's full JID, because presence is state: the client needs
/// where each contact ended up, not how they got there. Everything else is delivered at once:
/// messages, because a message waiting in server memory is a message a crash can lose, and IQs,
/// because someone is waiting for the answer. When something is delivered while presence is held,
/// the held presence goes first: the radio is awake for it anyway (waking it is the costly part on
/// a phone), and the client never sees a message from a contact it still shows offline.
/// Subscription requests and room self-presence are not noise and are not held.
/// </summary>
internal sealed class CsiFilter : IOutboundFilter
{
    /// <summary>Distinct senders held at most; past that everything held is delivered and holding starts over.</summary>
    public const int MaxHeld = 256;

    private const string MucUserNs = "http://jabber.org/protocol/muc#user";

    private readonly Dictionary<string, Element> _held = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private volatile bool _inactive;

    public bool Allow(ClientSession session, Element stanza)
    {
        // The path of an active client: one volatile read.
        if (!_inactive)
        {
            return true;
        }

        lock (_held)
        {
            if (!_inactive)
            {
                return true;
            }

            if (IsNoise(stanza) && stanza.GetAttribute("from") is { } from)
            {
                if (!_held.ContainsKey(from) && _held.Count >= MaxHeld)
                {
                    FlushLocked(session);
                }

                if (_held.Remove(from))
                {
                    _order.Remove(from);
                }

                _held[from] = stanza;
                _order.Add(from);
                return false;
            }

            FlushLocked(session);
            return true;
        }
    }

    /// <summary>The client went inactive.</summary>
    public void Deactivate() => _inactive = true;

    /// <summary>The client is active again: what was held is delivered, in the order it last changed.</summary>
    public void Activate(ClientSession session)
    {
        lock (_held)
        {
            FlushLocked(session);

            // Only now: a sender that sees the client active must find the older presence queued already.
            _inactive = false;
        }
    }

    /// <summary>
    /// Available and unavailable presence (RFC 6121 §4) is noise to an inactive client; subscription
    /// states, errors and a room's presence about the user itself (XEP-0045 status 110) are not.
    /// </summary>
    private static bool IsNoise(Element stanza)
    {
        if (stanza.Name != "presence" || stanza.GetAttribute("type") is not (null or "unavailable"))
        {
            return false;
        }

        if (stanza.Child("x", MucUserNs) is { } x)
        {
            foreach (var status in x.Elements("status", MucUserNs))
            {
                if (status.GetAttribute("code") == "110")
                {
                    return false;
                }
            }
        }

        return true;
    }

    private void FlushLocked(ClientSession session)
    {
        if (_order.Count == 0)
        {
            return;
        }

        // Held stanzas passed the filters installed before this one (at bind; this one comes on the
        // first <inactive/>), so they are not run through them again.
        foreach (var from in _order)
        {
            session.SendUnfiltered(_held[from]);
        }

        _held.Clear();
        _order.Clear();
    }
}
