namespace Snikket.Xmpp;

/// <summary>One result of <see cref="XmlStreamParser.TryRead"/>. Owns its data: nothing refers to the input buffer.</summary>
public readonly struct StreamEvent : IEquatable<StreamEvent>
{
    private StreamEvent(StreamEventKind kind, StreamHeader? header, Element? element)
    {
        Kind = kind;
        Header = header;
        Element = element;
    }

    /// <summary>What happened.</summary>
    public StreamEventKind Kind { get; }

    /// <summary>The stream header, for <see cref="StreamEventKind.Opened"/>; otherwise <see langword="null"/>.</summary>
    public StreamHeader? Header { get; }

    /// <summary>The element, for <see cref="StreamEventKind.Element"/>; otherwise <see langword="null"/>.</summary>
    public Element? Element { get; }

    /// <summary>An <see cref="StreamEventKind.Opened"/> event.</summary>
    public static StreamEvent CreateOpened(StreamHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return new StreamEvent(StreamEventKind.Opened, header, null);
    }

    /// <summary>An <see cref="StreamEventKind.Element"/> event.</summary>
    public static StreamEvent CreateElement(Element element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return new StreamEvent(StreamEventKind.Element, null, element);
    }

    /// <summary>A <see cref="StreamEventKind.Closed"/> event.</summary>
    public static StreamEvent CreateClosed() => new(StreamEventKind.Closed, null, null);

    /// <inheritdoc/>
    public bool Equals(StreamEvent other) =>
        Kind == other.Kind && ReferenceEquals(Header, other.Header) && ReferenceEquals(Element, other.Element);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is StreamEvent other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Header, Element);

    /// <summary>Reference equality of the payload.</summary>
    public static bool operator ==(StreamEvent left, StreamEvent right) => left.Equals(right);

    /// <summary>Reference inequality of the payload.</summary>
    public static bool operator !=(StreamEvent left, StreamEvent right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        StreamEventKind.Opened => "Opened " + Header,
        StreamEventKind.Element => "Element " + Element,
        _ => "Closed",
    };
}
