namespace Snikket.Xmpp.Sasl;

/// <summary>Wire names of <see cref="SaslFailure"/> conditions.</summary>
public static class SaslFailureExtensions
{
    /// <summary>The element name defined by RFC 6120 §6.5, e.g. <c>malformed-request</c>.</summary>
    public static string ElementName(this SaslFailure failure) => failure switch
    {
        SaslFailure.Aborted => "aborted",
        SaslFailure.AccountDisabled => "account-disabled",
        SaslFailure.CredentialsExpired => "credentials-expired",
        SaslFailure.EncryptionRequired => "encryption-required",
        SaslFailure.IncorrectEncoding => "incorrect-encoding",
        SaslFailure.InvalidAuthzid => "invalid-authzid",
        SaslFailure.InvalidMechanism => "invalid-mechanism",
        SaslFailure.MalformedRequest => "malformed-request",
        SaslFailure.MechanismTooWeak => "mechanism-too-weak",
        SaslFailure.NotAuthorized => "not-authorized",
        SaslFailure.TemporaryAuthFailure => "temporary-auth-failure",
        _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, "Unknown SASL failure."),
    };

    /// <summary>Parses an RFC 6120 §6.5 element name; false for an unknown one.</summary>
    public static bool TryParseElementName(string? name, out SaslFailure failure)
    {
        foreach (var candidate in Enum.GetValues<SaslFailure>())
        {
            if (string.Equals(candidate.ElementName(), name, StringComparison.Ordinal))
            {
                failure = candidate;
                return true;
            }
        }

        failure = default;
        return false;
    }
}
