namespace Snikket.Xmpp;

/// <summary>
/// The stream root's start tag as received (RFC 6120 §4.7).
/// </summary>
/// <param name="Name">Local name of the root, e.g. <c>stream</c>.</param>
/// <param name="Namespace">Resolved namespace of the root, e.g. <see cref="Ns.Streams"/>.</param>
/// <param name="DefaultNamespace">The <c>xmlns</c> declared on the root (e.g. <see cref="Ns.Client"/>), or <see langword="null"/>.</param>
/// <param name="Attributes">
/// Attributes other than namespace declarations, keyed by their qualified name as written:
/// <c>to</c>, <c>from</c>, <c>id</c>, <c>version</c>, and <c>xml:lang</c>.
/// </param>
public sealed record StreamHeader(
    string Name,
    string Namespace,
    string? DefaultNamespace,
    IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>The attribute with this qualified name, or <see langword="null"/>.</summary>
    public string? GetAttribute(string qualifiedName) =>
        Attributes.TryGetValue(qualifiedName, out var value) ? value : null;
}
