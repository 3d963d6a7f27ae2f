using Snikket.Xmpp;

namespace Snikket.Server.Modules.Mam;

/// <summary>
/// Which messages go into a user archive. XEP-0313 §6.1.1: messages of type chat or normal with a
/// body; "a server MAY include additional non-conversation messages". The rule here: chat or
/// normal, not marked <c>no-store</c> or <c>no-permanent-store</c> (XEP-0334 §4), and carrying
/// something a person would miss in the history of another device — a body, an end-to-end
/// encrypted payload (which has no readable body), a retraction, a reaction, a read marker, a call
/// attempt, an invitation — or the XEP-0334 <c>store</c> hint. Chat states, receipts alone,
/// errors, headlines and groupchat messages are not archived.
/// </summary>
internal static class Archivable
{
    public const string HintsNs = "urn:xmpp:hints";

    /// <summary>(namespace, element) of payloads worth archiving besides a body.</summary>
    private static readonly HashSet<(string Ns, string Name)> Payloads =
    [
        ("eu.siacs.conversations.axolotl", "encrypted"), // OMEMO (XEP-0384 0.3, what clients deploy)
        ("urn:xmpp:omemo:2", "encrypted"),               // OMEMO (XEP-0384 0.8+)
        ("urn:xmpp:openpgp:0", "openpgp"),               // OpenPGP for XMPP (XEP-0373)
        ("jabber:x:encrypted", "x"),                     // legacy OpenPGP (XEP-0027)
        ("urn:xmpp:message-retract:1", "retract"),       // message retraction (XEP-0424)
        ("urn:xmpp:fasten:0", "apply-to"),               // retraction before 0.4, still sent by some clients
        ("urn:xmpp:reactions:0", "reactions"),           // reactions (XEP-0444)
        ("urn:xmpp:chat-markers:0", "displayed"),        // read markers sync "read" across devices (XEP-0333)
        ("urn:xmpp:jingle-message:0", "propose"),        // call attempts, shown as missed calls (XEP-0353)
        ("urn:xmpp:jingle-message:0", "retract"),
        ("urn:xmpp:jingle-message:0", "accept"),
        ("urn:xmpp:jingle-message:0", "reject"),
        ("urn:xmpp:jingle-message:0", "proceed"),
        ("urn:xmpp:jingle-message:0", "finish"),
        ("jabber:x:conference", "x"),                    // direct MUC invitations (XEP-0249)
    ];

    /// <summary>Whether a message of <paramref name="type"/> belongs in the archive.</summary>
    public static bool Message(Element message, string type)
    {
        if (type is not ("chat" or "normal"))
        {
            return false;
        }

        var worth = false;
        foreach (var child in message.Elements())
        {
            if (child.Namespace == HintsNs)
            {
                switch (child.Name)
                {
                    case "no-store" or "no-permanent-store":
                        return false;
                    case "store":
                        worth = true;
                        break;
                }
            }
            else if ((child.Name == "body" && child.Namespace == Ns.Client) || Payloads.Contains((child.Namespace, child.Name)))
            {
                worth = true;
            }
        }

        return worth;
    }
}
