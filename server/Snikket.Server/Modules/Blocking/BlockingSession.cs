namespace Snikket.Server.Modules.Blocking;

/// <summary>
/// A session's view of blocking: its account's shared <see cref="BlockList"/>, its own JIDs as
/// strings (compared on every stanza, so built once), and whether it asked for the block list,
/// which makes it receive pushes (XEP-0191 §3.3, §3.4).
/// </summary>
internal sealed class BlockingSession
{
    private volatile bool _requestedList;

    /// <summary>Set when the session binds.</summary>
    public BlockList? List { get; set; }

    /// <summary>The account's bare JID.</summary>
    public string Bare { get; set; } = "";

    /// <summary>The session's full JID.</summary>
    public string Full { get; set; } = "";

    public bool RequestedList
    {
        get => _requestedList;
        set => _requestedList = value;
    }
}
