using System.Collections.Frozen;

namespace Snikket.Server.Routing;

/// <summary>
/// Everything the modules declared, frozen once at start-up: IQ handlers (one per key), delivery
/// handlers for messages and presence, and the features and identities service discovery shows.
/// </summary>
internal sealed class HandlerTable(
    FrozenDictionary<HandlerKey, IqHandler> iqHandlers,
    StanzaHandler? messageHandler,
    StanzaHandler? presenceHandler,
    DiscoCatalog disco)
{
    public DiscoCatalog Disco => disco;

    public StanzaHandler? MessageHandler => messageHandler;

    public StanzaHandler? PresenceHandler => presenceHandler;

    public IqHandler? Find(IqType type, To to, string ns, string name) =>
        iqHandlers.GetValueOrDefault(new HandlerKey(type, to, ns, name));
}
