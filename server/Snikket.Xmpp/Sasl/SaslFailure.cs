namespace Snikket.Xmpp.Sasl;

/// <summary>
/// The SASL failure conditions of RFC 6120 §6.5. <see cref="SaslFailureExtensions.ElementName"/>
/// gives the child element name of <c>&lt;failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/&gt;</c>.
/// </summary>
public enum SaslFailure
{
    /// <summary><c>aborted</c> (§6.5.1): the client aborted the exchange.</summary>
    Aborted,

    /// <summary><c>account-disabled</c> (§6.5.2).</summary>
    AccountDisabled,

    /// <summary><c>credentials-expired</c> (§6.5.3).</summary>
    CredentialsExpired,

    /// <summary><c>encryption-required</c> (§6.5.4): the mechanism needs TLS first.</summary>
    EncryptionRequired,

    /// <summary><c>incorrect-encoding</c> (§6.5.5): the base64 of the XML payload is invalid.</summary>
    IncorrectEncoding,

    /// <summary><c>invalid-authzid</c> (§6.5.6).</summary>
    InvalidAuthzid,

    /// <summary><c>invalid-mechanism</c> (§6.5.7).</summary>
    InvalidMechanism,

    /// <summary><c>malformed-request</c> (§6.5.8): the mechanism's message breaks its syntax.</summary>
    MalformedRequest,

    /// <summary><c>mechanism-too-weak</c> (§6.5.9).</summary>
    MechanismTooWeak,

    /// <summary><c>not-authorized</c> (§6.5.10): wrong credentials (never says which part).</summary>
    NotAuthorized,

    /// <summary><c>temporary-auth-failure</c> (§6.5.11).</summary>
    TemporaryAuthFailure,
}
