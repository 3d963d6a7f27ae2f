using System.Net;

namespace Snikket.Server.Streams;

/// <summary>
/// What modules keep about one stream before it authenticates (an invite validated by a preauth
/// token, failed tries), one typed object per module, gone with the stream. See
/// <see cref="Routing.ModuleRegistry.OnPreAuthIq"/>.
/// </summary>
internal sealed class PreAuthState(IPAddress? remoteAddress)
{
    private readonly Dictionary<Type, object> _states = [];

    /// <summary>The client's IP address, for per-address limits; null on transports without one.</summary>
    public IPAddress? RemoteAddress => remoteAddress;

    /// <summary>The module's state object for this stream, created on first use. Only the stream's own task calls it.</summary>
    public T Get<T>()
        where T : class, new()
    {
        if (!_states.TryGetValue(typeof(T), out var state))
        {
            _states[typeof(T)] = state = new T();
        }

        return (T)state;
    }
}
