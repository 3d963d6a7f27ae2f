using Snikket.Xmpp.Precis;

namespace Snikket.Xmpp.Sasl;

/// <summary>
/// String preparation for SCRAM and PLAIN passwords. RFC 5802 §2.2 names SASLprep
/// (RFC 4013); RFC 7677 §4 and RFC 8265 §4 replace it with the PRECIS OpaqueString profile,
/// which this implements: non-ASCII spaces become U+0020, NFC, then the FreeformClass check.
/// </summary>
/// <remarks>
/// Differences from RFC 4013 that matter in practice: OpaqueString uses NFC instead of NFKC and
/// rejects (rather than deletes) characters such as U+00AD SOFT HYPHEN. For ASCII passwords
/// both give the input back unchanged. See <c>PrecisProfiles</c> for where the class check
/// approximates the PRECIS tables.
/// </remarks>
public static class SaslPrep
{
    /// <summary>
    /// Prepares <paramref name="s"/> with the OpaqueString profile (RFC 8265 §4.2). Returns null
    /// when the result is empty or contains a disallowed code point (controls, format characters,
    /// unassigned or private-use code points, unpaired surrogates, …).
    /// </summary>
    public static string? Prepare(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return PrecisProfiles.OpaqueString(s, out _);
    }

    /// <summary>As <see cref="Prepare(string)"/>, also saying why a string was refused.</summary>
    public static string? Prepare(string s, out string? error)
    {
        ArgumentNullException.ThrowIfNull(s);
        return PrecisProfiles.OpaqueString(s, out error);
    }
}
