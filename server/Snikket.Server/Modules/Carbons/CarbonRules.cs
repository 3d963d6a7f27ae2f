using Snikket.Xmpp;

namespace Snikket.Server.Modules.Carbons;

/// <summary>
/// XEP-0280 §6.1: which messages are instant messages worth copying. Not advertised as the
/// mandatory rule set (<c>urn:xmpp:carbons:rules:0</c>): errors in reply to eligible messages
/// would need the server to remember what it delivered, so errors are never copied.
/// </summary>
internal static class CarbonRules
{
    private const string HintsNs = "urn:xmpp:hints";
    private const string ReceiptsNs = "urn:xmpp:receipts";
    private const string ChatStatesNs = "http://jabber.org/protocol/chatstates";
    private const string MarkersNs = "urn:xmpp:chat-markers:0";
    private const string DirectInviteNs = "jabber:x:conference";
    private const string MucUserNs = "http://jabber.org/protocol/muc#user";

    public static bool IsEligible(Element message, string type)
    {
        if (type is "groupchat" or "error")
        {
            // §6.1: groupchat is the room's business; errors: see the summary.
            return false;
        }

        var eligible = type == "chat";
        foreach (var child in message.Elements())
        {
            switch (child.Namespace)
            {
                case CarbonsModule.Ns:
                    // §6.1 and §9: <private/> opts out. A <received/> or <sent/> from a client is
                    // not ours: copying it would put a forged carbon inside a genuine one (§11).
                    return false;
                case HintsNs when child.Name == "no-copy":
                    // XEP-0334 §4.3, which XEP-0280 §9 pairs with <private/>.
                    return false;
                case Ns.Client when child.Name == "body" && type == "normal":
                case ReceiptsNs:
                case ChatStatesNs:
                case MarkersNs:
                case DirectInviteNs:
                    eligible = true;
                    break;
                case MucUserNs when child.Child("invite", MucUserNs) is not null:
                    // §6.1: a mediated invitation.
                    eligible = true;
                    break;
            }
        }

        return eligible;
    }

    /// <summary>
    /// §6.1: a private message from a room occupant is already replicated by the room to every
    /// joined client, so the recipient's other resources get no copy. Marked by a bare
    /// &lt;x xmlns='…muc#user'/&gt; (XEP-0045 §7.5), not an invitation.
    /// </summary>
    public static bool IsPrivateFromRoom(Element message) =>
        message.Child("x", MucUserNs) is { } x && x.Child("invite", MucUserNs) is null;
}
