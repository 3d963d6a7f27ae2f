namespace Snikket.Xmpp;

/// <summary>Maps <see cref="StreamErrorCondition"/> to and from its element name (RFC 6120 §4.9.3).</summary>
public static class StreamErrorConditions
{
    /// <summary>The condition's element name, e.g. <c>not-well-formed</c>.</summary>
    public static string ToElementName(this StreamErrorCondition condition) => condition switch
    {
        StreamErrorCondition.BadFormat => "bad-format",
        StreamErrorCondition.BadNamespacePrefix => "bad-namespace-prefix",
        StreamErrorCondition.Conflict => "conflict",
        StreamErrorCondition.ConnectionTimeout => "connection-timeout",
        StreamErrorCondition.HostGone => "host-gone",
        StreamErrorCondition.HostUnknown => "host-unknown",
        StreamErrorCondition.ImproperAddressing => "improper-addressing",
        StreamErrorCondition.InternalServerError => "internal-server-error",
        StreamErrorCondition.InvalidFrom => "invalid-from",
        StreamErrorCondition.InvalidNamespace => "invalid-namespace",
        StreamErrorCondition.InvalidXml => "invalid-xml",
        StreamErrorCondition.NotAuthorized => "not-authorized",
        StreamErrorCondition.NotWellFormed => "not-well-formed",
        StreamErrorCondition.PolicyViolation => "policy-violation",
        StreamErrorCondition.RemoteConnectionFailed => "remote-connection-failed",
        StreamErrorCondition.Reset => "reset",
        StreamErrorCondition.ResourceConstraint => "resource-constraint",
        StreamErrorCondition.RestrictedXml => "restricted-xml",
        StreamErrorCondition.SeeOtherHost => "see-other-host",
        StreamErrorCondition.SystemShutdown => "system-shutdown",
        StreamErrorCondition.UndefinedCondition => "undefined-condition",
        StreamErrorCondition.UnsupportedEncoding => "unsupported-encoding",
        StreamErrorCondition.UnsupportedFeature => "unsupported-feature",
        StreamErrorCondition.UnsupportedStanzaType => "unsupported-stanza-type",
        StreamErrorCondition.UnsupportedVersion => "unsupported-version",
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, "Unknown stream error condition."),
    };

    /// <summary>
    /// Parses a condition element name (as received in a peer's <c>stream:error</c>); unknown
    /// names give <see langword="false"/> so the caller can treat them as undefined-condition.
    /// </summary>
    public static bool TryParse(string elementName, out StreamErrorCondition condition)
    {
        foreach (var candidate in Enum.GetValues<StreamErrorCondition>())
        {
            if (string.Equals(candidate.ToElementName(), elementName, StringComparison.Ordinal))
            {
                condition = candidate;
                return true;
            }
        }

        condition = StreamErrorCondition.UndefinedCondition;
        return false;
    }
}
