namespace Snikket.Server.Modules.Carbons;

/// <summary>XEP-0280 §4–§5: whether one session asked for carbon copies. Off until the client enables it.</summary>
internal sealed class CarbonsState
{
    private volatile bool _enabled;

    public bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }
}
