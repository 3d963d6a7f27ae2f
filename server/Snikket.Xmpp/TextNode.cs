namespace Snikket.Xmpp;

/// <summary>Character data. The value is unescaped text; the writer escapes it.</summary>
public sealed class TextNode : Node
{
    /// <summary>Creates a text node.</summary>
    /// <exception cref="ArgumentException">The text contains characters XML cannot carry (XML 1.0 §2.2).</exception>
    public TextNode(string value)
    {
        XmlChars.ThrowIfInvalidText(value, nameof(value));
        Value = value;
    }

    // The parser has already validated every character.
    internal TextNode(string value, bool trusted)
    {
        _ = trusted;
        Value = value;
    }

    /// <summary>The text.</summary>
    public string Value { get; }

    /// <inheritdoc/>
    public override string ToString() => Value;
}
