namespace Snikket.Server.Modules.Csi;

/// <summary>A session's client-state filter, installed the first time the client goes inactive.</summary>
internal sealed class CsiState
{
    /// <summary>Only touched from the session's own read loop.</summary>
    public CsiFilter? Filter { get; set; }
}
