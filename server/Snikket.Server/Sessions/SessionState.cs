namespace Snikket.Server.Sessions;

/// <summary>
/// A small typed bag for per-session module state: one instance per type, created on first use.
/// Linear search over a few entries beats a dictionary for the handful of modules that keep state.
/// </summary>
internal sealed class SessionState
{
    private object[] _items = [];

    public T Get<T>()
        where T : class, new()
    {
        foreach (var item in Volatile.Read(ref _items))
        {
            if (item is T found)
            {
                return found;
            }
        }

        lock (this)
        {
            foreach (var item in _items)
            {
                if (item is T found)
                {
                    return found;
                }
            }

            var created = new T();
            Volatile.Write(ref _items, [.. _items, created]);
            return created;
        }
    }
}
