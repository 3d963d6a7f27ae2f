using System.Diagnostics.CodeAnalysis;

namespace Snikket.Xmpp;

/// <summary>An attribute of an <see cref="Element"/>.</summary>
/// <param name="Name">Local name.</param>
/// <param name="Namespace">Resolved namespace; <c>""</c> for an unqualified attribute, <see cref="Ns.Xml"/> for <c>xml:lang</c>.</param>
/// <param name="Value">Unescaped value.</param>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "An XML attribute, not a .NET attribute; the name is part of the agreed API.")]
public readonly record struct XmlAttribute(string Name, string Namespace, string Value);
