using System.Collections.Frozen;

namespace Snikket.Server.Routing;

/// <summary>
/// The narrow surface a module sees while it registers: IQ handlers, delivery handlers and the
/// hooks around them, stream features, events, periodic work, disco identities and features.
/// Declarations, not discovery: everything is known before the first connection, and a second
/// handler for the same key stops start-up.
/// </summary>
internal sealed class ModuleRegistry
{
    private readonly Dictionary<HandlerKey, (IqHandler Handler, string Owner)> _iq = [];
    private readonly Dictionary<string, (NonzaHandler Handler, string Owner)> _nonzas = new(StringComparer.Ordinal);
    private readonly List<DiscoIdentity> _hostIdentities = [];
    private readonly SortedSet<string> _hostFeatures = new(StringComparer.Ordinal);
    private readonly List<DiscoIdentity> _accountIdentities = [];
    private readonly SortedSet<string> _accountFeatures = new(StringComparer.Ordinal);
    private readonly List<(StreamStage Stage, Func<Xmpp.Element?> Feature)> _streamFeatures = [];
    private readonly List<(MessageStage Stage, MessageHook Hook)> _messageHooks = [];
    private readonly List<InboundFilter> _inboundFilters = [];
    private readonly Dictionary<Type, List<Delegate>> _events = [];
    private readonly List<PeriodicTask> _periodic = [];
    private StanzaHandler? _message;
    private StanzaHandler? _presence;
    private string _owner = "";

    /// <summary>Names the module whose declarations follow, for error messages.</summary>
    public void BeginModule(string name) => _owner = name;

    /// <summary>Registers the one handler for IQs of this type, to this kind of address, with this payload.</summary>
    public void OnIq(IqType type, To to, string ns, string name, IqHandler handler)
    {
        var key = new HandlerKey(type, to, ns, name);
        if (_iq.TryGetValue(key, out var existing))
        {
            throw new InvalidOperationException(
                $"Two modules handle IQ {type} to {to} for <{name} xmlns='{ns}'/>: {existing.Owner} and {_owner}.");
        }

        _iq[key] = (handler, _owner);
    }

    /// <summary>Registers the one handler for top-level non-stanza elements of a namespace on bound sessions.</summary>
    public void OnNonza(string ns, NonzaHandler handler)
    {
        if (_nonzas.TryGetValue(ns, out var existing))
        {
            throw new InvalidOperationException($"Two modules handle elements of '{ns}': {existing.Owner} and {_owner}.");
        }

        _nonzas[ns] = (handler, _owner);
    }

    /// <summary>Sets the delivery policy for messages (exactly one module may).</summary>
    public void OnMessage(StanzaHandler handler) => _message = Single(_message, handler, "message");

    /// <summary>Sets the delivery policy for presence (exactly one module may).</summary>
    public void OnPresence(StanzaHandler handler) => _presence = Single(_presence, handler, "presence");

    /// <summary>Takes part in message delivery at <paramref name="stage"/>; hooks of a stage run in registration order.</summary>
    public void OnMessageStage(MessageStage stage, MessageHook hook) => _messageHooks.Add((stage, hook));

    /// <summary>Looks at every stanza from a local client before it is routed (in registration order).</summary>
    public void OnInbound(InboundFilter filter) => _inboundFilters.Add(filter);

    /// <summary>Hears a domain event published through <see cref="ServerEvents"/>.</summary>
    public void On<TEvent>(Func<TEvent, CancellationToken, ValueTask> handler)
    {
        if (!_events.TryGetValue(typeof(TEvent), out var handlers))
        {
            _events[typeof(TEvent)] = handlers = [];
        }

        handlers.Add(handler);
    }

    /// <summary>Offers a stream feature at <paramref name="stage"/>; the factory may return null to offer nothing.</summary>
    public void AddStreamFeature(StreamStage stage, Func<Xmpp.Element?> feature) => _streamFeatures.Add((stage, feature));

    /// <summary>Runs <paramref name="work"/> every <paramref name="interval"/> (archive expiry and the like).</summary>
    public void Every(TimeSpan interval, Func<CancellationToken, Task> work) => _periodic.Add(new PeriodicTask(_owner, interval, work));

    /// <summary>Adds a disco feature, to the server (<see cref="To.Host"/>) or to every account (<see cref="To.Bare"/>).</summary>
    public void AddFeature(To to, string feature) =>
        (to == To.Host ? _hostFeatures : _accountFeatures).Add(feature);

    /// <summary>Adds a disco identity to the server or to every account.</summary>
    public void AddIdentity(To to, DiscoIdentity identity) =>
        (to == To.Host ? _hostIdentities : _accountIdentities).Add(identity);

    /// <summary>Freezes the declarations into the lookup the router uses.</summary>
    public HandlerTable Build() =>
        new()
        {
            IqHandlers = _iq.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.Handler),
            NonzaHandlers = _nonzas.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.Handler, StringComparer.Ordinal),
            MessageHandler = _message,
            PresenceHandler = _presence,
            MessageHooks = Enum.GetValues<MessageStage>().ToFrozenDictionary(
                stage => stage,
                stage => _messageHooks.Where(h => h.Stage == stage).Select(h => h.Hook).ToArray()),
            InboundFilters = [.. _inboundFilters],
            Events = _events.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToArray()),
            StreamFeatures = Enum.GetValues<StreamStage>().ToFrozenDictionary(
                stage => stage,
                stage => _streamFeatures.Where(f => f.Stage == stage).Select(f => f.Feature).ToArray()),
            Periodic = [.. _periodic],
            Disco = new DiscoCatalog([.. _hostIdentities], [.. _hostFeatures], [.. _accountIdentities], [.. _accountFeatures]),
        };

    private StanzaHandler Single(StanzaHandler? existing, StanzaHandler handler, string what) =>
        existing is null ? handler : throw new InvalidOperationException($"Two modules set the {what} delivery policy; the second is {_owner}.");
}
