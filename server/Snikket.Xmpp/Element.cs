namespace Snikket.Xmpp;

/// <summary>
/// A mutable XML element with a resolved namespace, as produced by <see cref="XmlStreamParser"/>
/// and consumed by <see cref="StanzaWriter"/>. Namespace declarations are not attributes: the
/// writer emits them as needed. A stanza handed to another session must not be mutated
/// afterwards; build a new one or <see cref="Clone"/> it.
/// </summary>
public sealed class Element : Node
{
    private readonly string _name;
    private readonly string _namespace;
    private List<XmlAttribute>? _attributes;
    private List<Node>? _nodes;

    /// <summary>Creates an element.</summary>
    /// <param name="name">Local name (an NCName, no prefix).</param>
    /// <param name="ns">Namespace URI; <c>""</c> only for an element in no namespace.</param>
    /// <exception cref="ArgumentException">The name or namespace cannot be serialised.</exception>
    public Element(string name, string ns)
    {
        XmlChars.ThrowIfInvalidName(name, nameof(name));
        XmlChars.ThrowIfInvalidText(ns, nameof(ns));
        if (string.Equals(ns, Ns.Xmlns, StringComparison.Ordinal))
        {
            throw new ArgumentException("No element may be in the xmlns namespace (Namespaces in XML 1.0 §3).", nameof(ns));
        }

        _name = name;
        _namespace = ns;
    }

    // For the parser and Clone: the name, namespace and attributes are already checked.
    internal Element(string name, string ns, List<XmlAttribute>? attributes)
    {
        _name = name;
        _namespace = ns;
        _attributes = attributes;
    }

    /// <summary>Local name.</summary>
    public string Name => _name;

    /// <summary>Resolved namespace URI, never <see langword="null"/>; <c>""</c> means no namespace.</summary>
    public string Namespace => _namespace;

    /// <summary>Attributes in document order, without namespace declarations.</summary>
    public IReadOnlyList<XmlAttribute> Attributes => (IReadOnlyList<XmlAttribute>?)_attributes ?? [];

    /// <summary>Child nodes in document order.</summary>
    public IReadOnlyList<Node> Nodes => (IReadOnlyList<Node>?)_nodes ?? [];

    /// <summary>The concatenation of the direct text children (not of descendants); <c>""</c> if none.</summary>
    public string Text
    {
        get
        {
            if (_nodes is null)
            {
                return "";
            }

            string? single = null;
            var count = 0;
            foreach (var node in _nodes)
            {
                if (node is TextNode text)
                {
                    single = text.Value;
                    count++;
                }
            }

            if (count <= 1)
            {
                return single ?? "";
            }

            return string.Concat(_nodes.OfType<TextNode>().Select(t => t.Value));
        }
    }

    /// <summary>The child elements.</summary>
    public IEnumerable<Element> Elements()
    {
        if (_nodes is null)
        {
            yield break;
        }

        foreach (var node in _nodes)
        {
            if (node is Element element)
            {
                yield return element;
            }
        }
    }

    /// <summary>The child elements with this name and namespace.</summary>
    public IEnumerable<Element> Elements(string name, string ns)
    {
        if (_nodes is null)
        {
            yield break;
        }

        foreach (var node in _nodes)
        {
            if (node is Element element && element.Is(name, ns))
            {
                yield return element;
            }
        }
    }

    /// <summary>
    /// The first child element with this name and namespace, or <see langword="null"/>.
    /// (C# forbids a member named <c>Element</c> inside the class <c>Element</c>, hence the name.)
    /// </summary>
    public Element? Child(string name, string ns)
    {
        if (_nodes is null)
        {
            return null;
        }

        foreach (var node in _nodes)
        {
            if (node is Element element && element.Is(name, ns))
            {
                return element;
            }
        }

        return null;
    }

    /// <summary>The first child element, whatever its name, or <see langword="null"/>.</summary>
    public Element? FirstElement()
    {
        if (_nodes is not null)
        {
            foreach (var node in _nodes)
            {
                if (node is Element element)
                {
                    return element;
                }
            }
        }

        return null;
    }

    /// <summary>Whether this element has this local name and namespace (ordinal comparison).</summary>
    public bool Is(string name, string ns) =>
        string.Equals(_name, name, StringComparison.Ordinal) && string.Equals(_namespace, ns, StringComparison.Ordinal);

    /// <summary>The value of an unqualified attribute, or <see langword="null"/>.</summary>
    public string? GetAttribute(string name) => GetAttribute(name, "");

    /// <summary>The value of an attribute in a namespace (e.g. <c>lang</c> in <see cref="Ns.Xml"/>), or <see langword="null"/>.</summary>
    public string? GetAttribute(string name, string ns)
    {
        var index = IndexOfAttribute(name, ns);
        return index < 0 ? null : _attributes![index].Value;
    }

    /// <summary>Sets, replaces or (with a <see langword="null"/> value) removes an unqualified attribute.</summary>
    /// <returns>This element, for chaining.</returns>
    public Element SetAttribute(string name, string? value) => SetAttribute(name, "", value);

    /// <summary>Sets, replaces or (with a <see langword="null"/> value) removes an attribute in a namespace.</summary>
    /// <returns>This element, for chaining.</returns>
    /// <exception cref="ArgumentException">The name, namespace or value cannot be serialised, or it is a namespace declaration.</exception>
    public Element SetAttribute(string name, string ns, string? value)
    {
        XmlChars.ThrowIfInvalidName(name, nameof(name));
        ArgumentNullException.ThrowIfNull(ns);
        if (ns.Length == 0 && string.Equals(name, "xmlns", StringComparison.Ordinal))
        {
            throw new ArgumentException("Namespace declarations are not attributes; set the element's namespace instead.", nameof(name));
        }

        if (string.Equals(ns, Ns.Xmlns, StringComparison.Ordinal))
        {
            throw new ArgumentException("Namespace declarations are not attributes; the writer declares prefixes itself.", nameof(ns));
        }

        XmlChars.ThrowIfInvalidText(ns, nameof(ns));
        var index = IndexOfAttribute(name, ns);
        if (value is null)
        {
            if (index >= 0)
            {
                _attributes!.RemoveAt(index);
            }

            return this;
        }

        XmlChars.ThrowIfInvalidText(value, nameof(value));
        var attribute = new XmlAttribute(name, ns, value);
        if (index >= 0)
        {
            _attributes![index] = attribute;
        }
        else
        {
            (_attributes ??= []).Add(attribute);
        }

        return this;
    }

    /// <summary>Appends a child node.</summary>
    /// <returns>This element, for chaining.</returns>
    /// <exception cref="InvalidOperationException">The node already has a parent, or is this element or one of its ancestors.</exception>
    public Element Add(Node child)
    {
        ArgumentNullException.ThrowIfNull(child);
        if (child.Parent is not null)
        {
            throw new InvalidOperationException("The node already belongs to an element; add a Clone() of it instead.");
        }

        for (var ancestor = this; ancestor is not null; ancestor = ancestor.Parent)
        {
            if (ReferenceEquals(ancestor, child))
            {
                throw new InvalidOperationException("An element cannot contain itself.");
            }
        }

        AddUnchecked(child);
        return this;
    }

    /// <summary>Appends a child element.</summary>
    /// <returns>This element (not the child), for chaining.</returns>
    public Element Add(Element child) => Add((Node)child);

    /// <summary>Appends a text child (nothing for an empty string).</summary>
    /// <returns>This element, for chaining.</returns>
    public Element AddText(string text)
    {
        XmlChars.ThrowIfInvalidText(text, nameof(text));
        if (text.Length > 0)
        {
            AddUnchecked(new TextNode(text, trusted: true));
        }

        return this;
    }

    /// <summary>Creates a child element and appends it.</summary>
    /// <returns>The new child, for building nested content.</returns>
    public Element AddElement(string name, string ns)
    {
        var child = new Element(name, ns);
        AddUnchecked(child);
        return child;
    }

    /// <summary>Removes a direct child node (by reference).</summary>
    /// <returns>Whether the node was a child of this element.</returns>
    public bool RemoveNode(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (_nodes is null || !ReferenceEquals(node.Parent, this))
        {
            return false;
        }

        var index = _nodes.FindIndex(n => ReferenceEquals(n, node));
        if (index < 0)
        {
            return false;
        }

        _nodes.RemoveAt(index);
        node.Parent = null;
        return true;
    }

    /// <summary>A deep copy with no parent.</summary>
    public Element Clone()
    {
        // Recursion depth is the tree depth, which the parser bounds (XmlLimits.MaxDepth).
        var copy = new Element(_name, _namespace, _attributes is null ? null : new List<XmlAttribute>(_attributes));
        if (_nodes is not null)
        {
            copy._nodes = new List<Node>(_nodes.Count);
            foreach (var node in _nodes)
            {
                copy.AddUnchecked(node is Element element ? element.Clone() : new TextNode(((TextNode)node).Value, trusted: true));
            }
        }

        return copy;
    }

    /// <summary>The element serialised by <see cref="StanzaWriter"/> as a top-level element (its namespace is always declared).</summary>
    public override string ToString() => StanzaWriter.ToXml(this);

    internal void AddUnchecked(Node child)
    {
        child.Parent = this;
        (_nodes ??= []).Add(child);
    }

    internal int IndexOfAttribute(string name, string ns)
    {
        if (_attributes is null)
        {
            return -1;
        }

        for (var i = 0; i < _attributes.Count; i++)
        {
            var attribute = _attributes[i];
            if (string.Equals(attribute.Name, name, StringComparison.Ordinal)
                && string.Equals(attribute.Namespace, ns, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
