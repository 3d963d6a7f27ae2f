namespace Snikket.Xmpp;

/// <summary>A node of an XML tree: an <see cref="Xmpp.Element"/> or a <see cref="TextNode"/>.</summary>
public abstract class Node
{
    private protected Node()
    {
    }

    /// <summary>
    /// The element this node is a child of, or <see langword="null"/>. A node has at most one
    /// parent, which keeps trees acyclic; use <see cref="Element.Clone"/> to put a copy elsewhere.
    /// </summary>
    public Element? Parent { get; internal set; }
}
