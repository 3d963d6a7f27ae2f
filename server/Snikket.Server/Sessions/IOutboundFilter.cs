using Snikket.Xmpp;

namespace Snikket.Server.Sessions;

/// <summary>
/// Sees every stanza on its way into one session's outbox. Returns false to keep the stanza out
/// (dropped, or held back to send later). Called concurrently from many senders.
/// </summary>
internal interface IOutboundFilter
{
    bool Allow(ClientSession session, Element stanza);
}
