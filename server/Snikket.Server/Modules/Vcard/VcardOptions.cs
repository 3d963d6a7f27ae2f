namespace Snikket.Server.Modules.Vcard;

/// <summary>Limits for stored vCards.</summary>
internal sealed record VcardOptions
{
    /// <summary>
    /// Largest vCard accepted, in bytes of its stored XML. Below the 256 KiB stanza limit so the
    /// answer to an oversized vCard is a clear stanza error rather than a closed stream; an
    /// embedded avatar of a few hundred pixels fits many times over.
    /// </summary>
    public int MaxBytes { get; init; } = 192 * 1024;
}
