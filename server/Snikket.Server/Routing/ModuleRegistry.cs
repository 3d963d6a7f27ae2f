using System.Collections.Frozen;
using Snikket.Xmpp;

namespace Snikket.Server.Routing;

/// <summary>
/// The narrow surface a module sees while it registers: IQ handlers, delivery handlers and the
/// hooks around them, stream features, events, periodic work, disco identities, features,
/// extended info and HTTP endpoints. Declarations, not discovery: everything is known before the first connection,
/// and a second handler for the same key stops start-up.
/// </summary>
internal sealed class ModuleRegistry
{
    /// <summary>XEP-0004 data forms.</summary>
    private const string DataFormsNs = "jabber:x:data";

    private readonly Dictionary<HandlerKey, (IqHandler Handler, string Owner)> _iq = [];
    private readonly Dictionary<string, (NonzaHandler Handler, string Owner)> _nonzas = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Ns, string Name), (PreAuthIqHandler Handler, string Owner)> _preAuthIqs = [];
    private readonly List<DiscoIdentity> _hostIdentities = [];
    private readonly SortedSet<string> _hostFeatures = new(StringComparer.Ordinal);
    private readonly List<DiscoIdentity> _accountIdentities = [];
    private readonly SortedSet<string> _accountFeatures = new(StringComparer.Ordinal);
    private readonly List<Element> _hostForms = [];
    private readonly List<Func<DiscoCatalog, string>> _hostInfoNodes = [];
    private readonly Dictionary<string, DiscoItemsProvider> _hostItemNodes = new(StringComparer.Ordinal);
    private readonly List<(StreamStage Stage, Func<Element?> Feature)> _streamFeatures = [];
    private readonly List<(MessageStage Stage, MessageHook Hook)> _messageHooks = [];
    private readonly List<InboundFilter> _inboundFilters = [];
    private readonly Dictionary<Type, List<Delegate>> _events = [];
    private readonly List<PeriodicTask> _periodic = [];
    private readonly List<Action<IEndpointRouteBuilder>> _endpoints = [];
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

    /// <summary>
    /// Registers the one handler for IQs (get or set) with payload <c>&lt;name xmlns='ns'/&gt;</c>
    /// received before authentication — XEP-0445 preauth tokens and invite-only XEP-0077
    /// registration. Only on encrypted streams, and the stream bounds how many such IQs a client
    /// may send and how large they may be (<see cref="Streams.ClientStreamOptions.MaxPreAuthIqs"/>).
    /// Anything else before authentication still ends the stream with <c>not-authorized</c>.
    /// </summary>
    public void OnPreAuthIq(string ns, string name, PreAuthIqHandler handler)
    {
        if (_preAuthIqs.TryGetValue((ns, name), out var existing))
        {
            throw new InvalidOperationException($"Two modules handle pre-auth IQ <{name} xmlns='{ns}'/>: {existing.Owner} and {_owner}.");
        }

        _preAuthIqs[(ns, name)] = (handler, _owner);
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
    public void AddStreamFeature(StreamStage stage, Func<Element?> feature) => _streamFeatures.Add((stage, feature));

    /// <summary>Runs <paramref name="work"/> every <paramref name="interval"/> (archive expiry and the like).</summary>
    public void Every(TimeSpan interval, Func<CancellationToken, Task> work) => _periodic.Add(new PeriodicTask(_owner, interval, work));

    /// <summary>
    /// Adds HTTP endpoints on the internal HTTP port (the admin and invite API, later uploads):
    /// <paramref name="map"/> runs once the application is built, with it as the route builder.
    /// Handlers take their services as parameters, resolved per request.
    /// </summary>
    public void MapEndpoints(Action<IEndpointRouteBuilder> map) => _endpoints.Add(map);

    /// <summary>Adds a disco feature, to the server (<see cref="To.Host"/>) or to every account (<see cref="To.Bare"/>).</summary>
    public void AddFeature(To to, string feature) =>
        (to == To.Host ? _hostFeatures : _accountFeatures).Add(feature);

    /// <summary>Adds a disco identity to the server or to every account.</summary>
    public void AddIdentity(To to, DiscoIdentity identity) =>
        (to == To.Host ? _hostIdentities : _accountIdentities).Add(identity);

    /// <summary>
    /// Adds a XEP-0128 extended information form to the server's disco#info (server only: accounts
    /// have nothing to say about themselves yet). The form must be a <c>jabber:x:data</c>
    /// <c>type='result'</c> with a hidden <c>FORM_TYPE</c>; one form per FORM_TYPE (XEP-0128 §2,
    /// and XEP-0115 §5.4 rejects duplicates when hashing).
    /// </summary>
    public void AddExtendedInfo(Element form)
    {
        var formType = FormType(form)
            ?? throw new ArgumentException($"{_owner}: an extended info form needs to be a jabber:x:data result with a hidden FORM_TYPE.", nameof(form));
        if (_hostForms.Any(f => FormType(f) == formType))
        {
            throw new InvalidOperationException($"Two extended info forms with FORM_TYPE {formType}; the second is from {_owner}.");
        }

        _hostForms.Add(form);
    }

    /// <summary>
    /// Names a disco#info node on the server that is answered with the server's own info, worked
    /// out once everything is declared (XEP-0115 §6.2: the caps node 'node#ver').
    /// </summary>
    public void AddHostInfoNode(Func<DiscoCatalog, string> node) => _hostInfoNodes.Add(node);

    /// <summary>
    /// Answers disco#items on the server for <paramref name="node"/> (XEP-0050 §2.2: the
    /// <c>http://jabber.org/protocol/commands</c> node). One provider per node.
    /// </summary>
    public void AddHostItemsNode(string node, DiscoItemsProvider provider)
    {
        if (!_hostItemNodes.TryAdd(node, provider))
        {
            throw new InvalidOperationException($"Two modules list the disco#items node '{node}'; the second is {_owner}.");
        }
    }

    /// <summary>Freezes the declarations into the lookup the router uses.</summary>
    public HandlerTable Build() =>
        new()
        {
            IqHandlers = _iq.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.Handler),
            NonzaHandlers = _nonzas.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.Handler, StringComparer.Ordinal),
            PreAuthIqHandlers = _preAuthIqs.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.Handler),
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
            Endpoints = [.. _endpoints],
            Disco = new DiscoCatalog([.. _hostIdentities], [.. _hostFeatures], [.. _hostForms], [.. _accountIdentities], [.. _accountFeatures], _hostInfoNodes)
            {
                HostItemNodes = _hostItemNodes.ToFrozenDictionary(StringComparer.Ordinal),
            },
        };

    private static string? FormType(Element form)
    {
        if (!form.Is("x", DataFormsNs) || form.GetAttribute("type") != "result")
        {
            return null;
        }

        var field = form.Elements("field", DataFormsNs).FirstOrDefault(f => f.GetAttribute("var") == "FORM_TYPE");
        return field?.GetAttribute("type") == "hidden" ? field.Child("value", DataFormsNs)?.Text : null;
    }

    private StanzaHandler Single(StanzaHandler? existing, StanzaHandler handler, string what) =>
        existing is null ? handler : throw new InvalidOperationException($"Two modules set the {what} delivery policy; the second is {_owner}.");
}
