using System.Collections.Frozen;

namespace Snikket.Server.Routing;

/// <summary>
/// Everything the modules declared, frozen once at start-up: IQ and nonza handlers (one per key),
/// delivery policies for messages and presence and the hooks around them, event handlers, stream
/// features, periodic work, HTTP endpoints, and what service discovery shows.
/// </summary>
internal sealed class HandlerTable
{
    public required FrozenDictionary<HandlerKey, IqHandler> IqHandlers { get; init; }

    public required FrozenDictionary<string, NonzaHandler> NonzaHandlers { get; init; }

    /// <summary>Handlers of IQs before authentication, by payload (namespace, name).</summary>
    public FrozenDictionary<(string Ns, string Name), PreAuthIqHandler> PreAuthIqHandlers { get; init; } =
        FrozenDictionary<(string Ns, string Name), PreAuthIqHandler>.Empty;

    public StanzaHandler? MessageHandler { get; init; }

    public StanzaHandler? PresenceHandler { get; init; }

    public required FrozenDictionary<MessageStage, MessageHook[]> MessageHooks { get; init; }

    public required InboundFilter[] InboundFilters { get; init; }

    public required FrozenDictionary<Type, Delegate[]> Events { get; init; }

    public required FrozenDictionary<StreamStage, Func<Xmpp.Element?>[]> StreamFeatures { get; init; }

    public required PeriodicTask[] Periodic { get; init; }

    public required DiscoCatalog Disco { get; init; }

    /// <summary>HTTP endpoint mappings, applied to the application once it is built.</summary>
    public Action<IEndpointRouteBuilder>[] Endpoints { get; init; } = [];

    public IqHandler? Find(IqType type, To to, string ns, string name) =>
        IqHandlers.GetValueOrDefault(new HandlerKey(type, to, ns, name));

    public NonzaHandler? FindNonza(string ns) => NonzaHandlers.GetValueOrDefault(ns);

    public PreAuthIqHandler? FindPreAuthIq(string ns, string name) => PreAuthIqHandlers.GetValueOrDefault((ns, name));

    public IEnumerable<Func<TEvent, CancellationToken, ValueTask>> EventHandlers<TEvent>() =>
        Events.TryGetValue(typeof(TEvent), out var handlers)
            ? handlers.Cast<Func<TEvent, CancellationToken, ValueTask>>()
            : [];
}
