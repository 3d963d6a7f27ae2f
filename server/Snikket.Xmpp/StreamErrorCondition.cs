namespace Snikket.Xmpp;

/// <summary>The defined stream error conditions of RFC 6120 §4.9.3.</summary>
public enum StreamErrorCondition
{
    /// <summary><c>bad-format</c>: XML that cannot be processed (§4.9.3.1).</summary>
    BadFormat,

    /// <summary><c>bad-namespace-prefix</c>: an unsupported or missing namespace prefix (§4.9.3.2).</summary>
    BadNamespacePrefix,

    /// <summary><c>conflict</c>: a new stream conflicts with an existing one (§4.9.3.3).</summary>
    Conflict,

    /// <summary><c>connection-timeout</c>: no traffic for too long (§4.9.3.4).</summary>
    ConnectionTimeout,

    /// <summary><c>host-gone</c>: the hostname is no longer served (§4.9.3.5).</summary>
    HostGone,

    /// <summary><c>host-unknown</c>: the hostname is not served here (§4.9.3.6).</summary>
    HostUnknown,

    /// <summary><c>improper-addressing</c>: a stanza between servers lacks to or from (§4.9.3.7).</summary>
    ImproperAddressing,

    /// <summary><c>internal-server-error</c>: a misconfiguration or bug on our side (§4.9.3.8).</summary>
    InternalServerError,

    /// <summary><c>invalid-from</c>: the from address is not authorised on this stream (§4.9.3.9).</summary>
    InvalidFrom,

    /// <summary><c>invalid-namespace</c>: wrong stream or content namespace (§4.9.3.10).</summary>
    InvalidNamespace,

    /// <summary><c>invalid-xml</c>: XML that fails validation (§4.9.3.11).</summary>
    InvalidXml,

    /// <summary><c>not-authorized</c>: data sent before the stream was authenticated (§4.9.3.12).</summary>
    NotAuthorized,

    /// <summary><c>not-well-formed</c>: XML that violates well-formedness or namespace rules (§4.9.3.13).</summary>
    NotWellFormed,

    /// <summary><c>policy-violation</c>: a local policy such as a size limit was broken (§4.9.3.14).</summary>
    PolicyViolation,

    /// <summary><c>remote-connection-failed</c>: a server needed for authentication is unreachable (§4.9.3.15).</summary>
    RemoteConnectionFailed,

    /// <summary><c>reset</c>: the stream is being reset, e.g. after a security change (§4.9.3.16).</summary>
    Reset,

    /// <summary><c>resource-constraint</c>: the server lacks resources to serve the stream (§4.9.3.17).</summary>
    ResourceConstraint,

    /// <summary><c>restricted-xml</c>: comments, PIs, DTDs or entity references (§4.9.3.18, §11.1).</summary>
    RestrictedXml,

    /// <summary><c>see-other-host</c>: redirect to another host (§4.9.3.19).</summary>
    SeeOtherHost,

    /// <summary><c>system-shutdown</c>: the server is shutting down (§4.9.3.20).</summary>
    SystemShutdown,

    /// <summary><c>undefined-condition</c>: none of the others applies (§4.9.3.21).</summary>
    UndefinedCondition,

    /// <summary><c>unsupported-encoding</c>: not UTF-8, or invalid UTF-8 (§4.9.3.22, §11.6).</summary>
    UnsupportedEncoding,

    /// <summary><c>unsupported-feature</c>: a mandatory stream feature is not supported (§4.9.3.23).</summary>
    UnsupportedFeature,

    /// <summary><c>unsupported-stanza-type</c>: an unknown first-level child of the stream (§4.9.3.24).</summary>
    UnsupportedStanzaType,

    /// <summary><c>unsupported-version</c>: an XMPP version we do not speak (§4.9.3.25).</summary>
    UnsupportedVersion,
}
