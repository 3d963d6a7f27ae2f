namespace Snikket.Xmpp;

/// <summary>What a <see cref="StreamEvent"/> carries.</summary>
public enum StreamEventKind
{
    /// <summary>The stream root's start tag was read; <see cref="StreamEvent.Header"/> is set.</summary>
    Opened,

    /// <summary>A complete first-level element (a stanza or negotiation element) was read.</summary>
    Element,

    /// <summary>The stream root's end tag was read.</summary>
    Closed,
}
