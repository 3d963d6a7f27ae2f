namespace Snikket.Xmpp;

/// <summary>
/// A fatal stream-level error (RFC 6120 §4.9): the stream is closed after sending
/// <see cref="ToElement"/>. Thrown by the parser for malformed or restricted input and by
/// negotiation code; never used for stanza errors, which are values.
/// </summary>
public sealed class StreamErrorException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="condition">The defined condition to report.</param>
    /// <param name="text">Optional human-readable detail, sent in the <c>&lt;text/&gt;</c> element.</param>
    /// <param name="applicationCondition">An optional application-specific condition element (RFC 6120 §4.9.4).</param>
    public StreamErrorException(StreamErrorCondition condition, string? text = null, Element? applicationCondition = null)
        : base(text is null ? condition.ToElementName() : condition.ToElementName() + ": " + text)
    {
        Condition = condition;
        Text = text;
        ApplicationCondition = applicationCondition;
    }

    /// <summary>The defined condition.</summary>
    public StreamErrorCondition Condition { get; }

    /// <summary>The optional descriptive text.</summary>
    public string? Text { get; }

    /// <summary>The application-specific condition, if any (for example XEP-0198's handled-count-too-high).</summary>
    public Element? ApplicationCondition { get; }

    /// <summary>
    /// Builds <c>&lt;stream:error&gt;&lt;condition xmlns='urn:ietf:params:xml:ns:xmpp-streams'/&gt;&lt;text …&gt;…&lt;/text&gt;&lt;/stream:error&gt;</c>
    /// (RFC 6120 §4.9.2). The text is sanitised so that it can always be serialised.
    /// </summary>
    public Element ToElement()
    {
        var error = new Element("error", Ns.Streams);
        error.AddElement(Condition.ToElementName(), Ns.StreamErrors);
        if (!string.IsNullOrEmpty(Text))
        {
            error.AddElement("text", Ns.StreamErrors).AddText(XmlChars.Sanitize(Text));
        }

        if (ApplicationCondition is not null)
        {
            error.Add(ApplicationCondition.Clone());
        }

        return error;
    }
}
