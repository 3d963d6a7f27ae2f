using Snikket.Xmpp;

namespace Snikket.Server.Routing;

/// <summary>
/// Delivers a stanza the server generates (replies, errors, pushes) to the entity in its
/// <c>to</c>. Never awaits the recipient: delivery enqueues into its outbox.
/// </summary>
internal interface IStanzaSender
{
    void Send(Element stanza);
}
