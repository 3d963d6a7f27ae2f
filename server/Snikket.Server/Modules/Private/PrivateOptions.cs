namespace Snikket.Server.Modules.Private;

/// <summary>Limits for private XML storage, so one account cannot fill the disk.</summary>
internal sealed record PrivateOptions
{
    /// <summary>
    /// Largest fragment, in bytes of its stored XML. XEP-0048 bookmarks for a couple of hundred
    /// rooms take well under half of this; it stays below the 256 KiB stanza limit so the answer is
    /// a stanza error, not a closed stream.
    /// </summary>
    public int MaxFragmentBytes { get; init; } = 128 * 1024;

    /// <summary>How many distinct fragments (namespace, name) one account may keep.</summary>
    public int MaxFragmentsPerAccount { get; init; } = 64;
}
