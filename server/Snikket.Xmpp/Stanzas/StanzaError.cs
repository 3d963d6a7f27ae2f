using System.Globalization;

namespace Snikket.Xmpp.Stanzas;

/// <summary>
/// A stanza error (RFC 6120 §8.3): a defined condition, its type and an optional human-readable
/// text. Protocol errors are values, built with the named factories, and turned into XML once,
/// by <see cref="ToElement"/>.
/// </summary>
/// <param name="Condition">The defined condition's element name, e.g. <c>service-unavailable</c>.</param>
/// <param name="Type">What the sender should do next.</param>
/// <param name="Text">Optional explanation for humans (English).</param>
public sealed record StanzaError(string Condition, StanzaErrorType Type, string? Text = null)
{
    /// <summary>RFC 6120 §8.3.3.1.</summary>
    public static StanzaError BadRequest(string? text = null) => new("bad-request", StanzaErrorType.Modify, text);

    /// <summary>RFC 6120 §8.3.3.2.</summary>
    public static StanzaError Conflict(string? text = null) => new("conflict", StanzaErrorType.Cancel, text);

    /// <summary>RFC 6120 §8.3.3.3.</summary>
    public static StanzaError FeatureNotImplemented(string? text = null) => new("feature-not-implemented", StanzaErrorType.Cancel, text);

    /// <summary>RFC 6120 §8.3.3.4.</summary>
    public static StanzaError Forbidden(string? text = null) => new("forbidden", StanzaErrorType.Auth, text);

    /// <summary>RFC 6120 §8.3.3.6.</summary>
    public static StanzaError InternalServerError(string? text = null) => new("internal-server-error", StanzaErrorType.Cancel, text);

    /// <summary>RFC 6120 §8.3.3.7.</summary>
    public static StanzaError ItemNotFound(string? text = null) => new("item-not-found", StanzaErrorType.Cancel, text);

    /// <summary>RFC 6120 §8.3.3.8.</summary>
    public static StanzaError JidMalformed(string? text = null) => new("jid-malformed", StanzaErrorType.Modify, text);

    /// <summary>RFC 6120 §8.3.3.9.</summary>
    public static StanzaError NotAcceptable(string? text = null) => new("not-acceptable", StanzaErrorType.Modify, text);

    /// <summary>RFC 6120 §8.3.3.10.</summary>
    public static StanzaError NotAllowed(string? text = null) => new("not-allowed", StanzaErrorType.Cancel, text);

    /// <summary>RFC 6120 §8.3.3.12.</summary>
    public static StanzaError PolicyViolation(string? text = null) => new("policy-violation", StanzaErrorType.Modify, text);

    /// <summary>RFC 6120 §8.3.3.13.</summary>
    public static StanzaError RecipientUnavailable(string? text = null) => new("recipient-unavailable", StanzaErrorType.Wait, text);

    /// <summary>RFC 6120 §8.3.3.16.</summary>
    public static StanzaError RemoteServerNotFound(string? text = null) => new("remote-server-not-found", StanzaErrorType.Cancel, text);

    /// <summary>RFC 6120 §8.3.3.18.</summary>
    public static StanzaError ResourceConstraint(string? text = null) => new("resource-constraint", StanzaErrorType.Wait, text);

    /// <summary>RFC 6120 §8.3.3.19.</summary>
    public static StanzaError ServiceUnavailable(string? text = null) => new("service-unavailable", StanzaErrorType.Cancel, text);

    /// <summary>RFC 6120 §8.3.3.21.</summary>
    public static StanzaError UndefinedCondition(string? text = null) => new("undefined-condition", StanzaErrorType.Cancel, text);

    /// <summary>RFC 6120 §8.3.3.22.</summary>
    public static StanzaError UnexpectedRequest(string? text = null) => new("unexpected-request", StanzaErrorType.Wait, text);

    /// <summary>Builds the <c>&lt;error/&gt;</c> child element (in the stanza's namespace <paramref name="stanzaNamespace"/>).</summary>
    public Element ToElement(string stanzaNamespace)
    {
        var error = new Element("error", stanzaNamespace)
            .SetAttribute("type", Type.ToString().ToLower(CultureInfo.InvariantCulture));
        error.AddElement(Condition, Ns.Stanzas);
        if (Text is not null)
        {
            error.AddElement("text", Ns.Stanzas)
                .SetAttribute("lang", Ns.Xml, "en")
                .AddText(Text);
        }

        return error;
    }
}
