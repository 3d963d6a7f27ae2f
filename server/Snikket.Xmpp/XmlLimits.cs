namespace Snikket.Xmpp;

/// <summary>
/// Resource limits enforced by <see cref="XmlStreamParser"/> while it reads, so that hostile
/// input fails before it is buffered (RFC 6120 §13.12 "denial of service"). Exceeding any of
/// them raises a <see cref="StreamErrorCondition.PolicyViolation"/> stream error.
/// </summary>
public sealed record XmlLimits
{
    /// <summary>The defaults used by the server for client streams.</summary>
    public static XmlLimits Default { get; } = new();

    /// <summary>Bytes of one first-level element, from its <c>&lt;</c> to its final <c>&gt;</c> (Prosody's c2s default: 256 KiB).</summary>
    public int MaxStanzaBytes { get; init; } = 262144;

    /// <summary>Element nesting below the stream root; a stanza is at depth 1.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Attributes per element, namespace declarations included.</summary>
    public int MaxAttributes { get; init; } = 64;

    /// <summary>Characters of an element or attribute name, prefix and local part together.</summary>
    public int MaxNameLength { get; init; } = 256;

    /// <summary>Bytes of the XML declaration plus the stream header tag.</summary>
    public int MaxHeaderBytes { get; init; } = 8192;
}
