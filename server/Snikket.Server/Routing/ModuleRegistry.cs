using System.Collections.Frozen;

namespace Snikket.Server.Routing;

/// <summary>
/// The narrow surface a module sees while it registers: IQ handlers, delivery handlers, disco
/// identities and features. Declarations, not discovery: everything is known before the first
/// connection, and a second handler for the same key stops start-up.
/// </summary>
internal sealed class ModuleRegistry
{
    private readonly Dictionary<HandlerKey, (IqHandler Handler, string Owner)> _iq = [];
    private readonly List<DiscoIdentity> _hostIdentities = [];
    private readonly SortedSet<string> _hostFeatures = new(StringComparer.Ordinal);
    private readonly List<DiscoIdentity> _accountIdentities = [];
    private readonly SortedSet<string> _accountFeatures = new(StringComparer.Ordinal);
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

    /// <summary>Sets the delivery policy for messages (exactly one module may).</summary>
    public void OnMessage(StanzaHandler handler) => _message = Single(_message, handler, "message");

    /// <summary>Sets the delivery policy for presence (exactly one module may).</summary>
    public void OnPresence(StanzaHandler handler) => _presence = Single(_presence, handler, "presence");

    /// <summary>Adds a disco feature, to the server (<see cref="To.Host"/>) or to every account (<see cref="To.Bare"/>).</summary>
    public void AddFeature(To to, string feature) =>
        (to == To.Host ? _hostFeatures : _accountFeatures).Add(feature);

    /// <summary>Adds a disco identity to the server or to every account.</summary>
    public void AddIdentity(To to, DiscoIdentity identity) =>
        (to == To.Host ? _hostIdentities : _accountIdentities).Add(identity);

    /// <summary>Freezes the declarations into the lookup the router uses.</summary>
    public HandlerTable Build() =>
        new(
            _iq.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.Handler),
            _message,
            _presence,
            new DiscoCatalog([.. _hostIdentities], [.. _hostFeatures], [.. _accountIdentities], [.. _accountFeatures]));

    private StanzaHandler Single(StanzaHandler? existing, StanzaHandler handler, string what) =>
        existing is null ? handler : throw new InvalidOperationException($"Two modules set the {what} delivery policy; the second is {_owner}.");
}
