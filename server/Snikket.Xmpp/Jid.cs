using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Snikket.Xmpp.Precis;

namespace Snikket.Xmpp;

/// <summary>
/// An XMPP address (RFC 7622): <c>[localpart@]domainpart[/resourcepart]</c>, always held in
/// prepared (canonical) form, so equality is ordinal comparison of the parts.
/// </summary>
/// <remarks>
/// <para>
/// A sealed record class rather than a <c>readonly record struct</c>: a struct always has a
/// <c>default</c> value, and a default Jid would have a null domain, breaking the invariant that
/// every Jid is valid; <c>Jid?</c> for the optional <c>to</c>/<c>from</c> of a stanza reads
/// naturally only for a reference type; and Jids are shared by sessions, rosters and routing
/// tables, where copying three references per use buys nothing.
/// </para>
/// <para>
/// Preparation: localpart with PRECIS UsernameCaseMapped (RFC 7622 §3.3, RFC 8265 §3.3) and
/// the characters RFC 7622 §3.3.1 excludes; domainpart with IDNA2008/UTS #46 through
/// <see cref="IdnMapping"/>, kept in Unicode form (RFC 7622 §3.2); resourcepart with
/// OpaqueString (RFC 7622 §3.4). Each part is at most 1023 bytes of UTF-8.
/// </para>
/// </remarks>
public sealed record Jid
{
    /// <summary>The maximum length of each part in UTF-8 bytes (RFC 7622 §3.2, §3.3, §3.4).</summary>
    public const int MaxPartBytes = 1023;

    /// <summary>
    /// Inputs longer than this many UTF-16 code units are refused before any preparation work:
    /// three parts of 1023 bytes plus separators, with room for mappings that shrink the text.
    /// </summary>
    public const int MaxInputLength = 4 * MaxPartBytes;

    /// <summary>RFC 7622 §3.3.1: ASCII characters IdentifierClass allows but a localpart may not hold.</summary>
    private static readonly SearchValues<char> ExcludedFromLocal = SearchValues.Create("\"&'/:<>@");

    private Jid(string? local, string domain, string? resource)
    {
        Local = local;
        Domain = domain;
        Resource = resource;
    }

    /// <summary>The prepared localpart, or null when the address has none.</summary>
    public string? Local { get; }

    /// <summary>The prepared domainpart: lowercase U-labels, an IPv4 literal or a bracketed IPv6 literal.</summary>
    public string Domain { get; }

    /// <summary>The prepared resourcepart, or null for a bare JID.</summary>
    public string? Resource { get; }

    /// <summary>This address without its resourcepart (itself when already bare).</summary>
    public Jid Bare => Resource is null ? this : new Jid(Local, Domain, null);

    /// <summary>True when there is no resourcepart.</summary>
    [MemberNotNullWhen(false, nameof(Resource))]
    public bool IsBare => Resource is null;

    /// <summary>True when the address is a domainpart alone (no localpart, no resourcepart), e.g. the server itself.</summary>
    public bool IsDomain => Local is null && Resource is null;

    /// <summary>Parses and prepares a JID.</summary>
    /// <exception cref="FormatException">The string is not a valid JID; the message says why.</exception>
    public static Jid Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return TryParse(s, out var jid, out var error) ? jid : throw new FormatException(error);
    }

    /// <summary>Parses and prepares a JID; false when it is not valid.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, [NotNullWhen(true)] out Jid? jid) => TryParse(s, out jid, out _);

    /// <summary>Parses and prepares a JID; false with a reason when it is not valid.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, [NotNullWhen(true)] out Jid? jid, [NotNullWhen(false)] out string? error)
    {
        jid = null;
        if (s is null)
        {
            error = "the JID is null";
            return false;
        }

        if (s.Length > MaxInputLength)
        {
            error = "the JID is too long";
            return false;
        }

        // RFC 7622 §3.1: the first "/" starts the resourcepart (which may itself contain "/" and
        // "@"); in what precedes it, the first "@" ends the localpart.
        string? resource = null;
        var bare = s;
        var slash = s.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            resource = s[(slash + 1)..];
            bare = s[..slash];
            if (resource.Length == 0)
            {
                error = "the resourcepart after '/' is empty";
                return false;
            }
        }

        string? local = null;
        var domain = bare;
        var at = bare.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            local = bare[..at];
            domain = bare[(at + 1)..];
            if (local.Length == 0)
            {
                error = "the localpart before '@' is empty";
                return false;
            }
        }

        return TryCreate(local, domain, resource, out jid, out error);
    }

    /// <summary>Builds a JID from its parts, preparing each one.</summary>
    /// <exception cref="FormatException">A part is not valid; the message says which and why.</exception>
    public static Jid Create(string? local, string domain, string? resource)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return TryCreate(local, domain, resource, out var jid, out var error) ? jid : throw new FormatException(error);
    }

    /// <summary>Builds a JID from its parts, preparing each one; false with a reason when a part is not valid.</summary>
    public static bool TryCreate(string? local, string domain, string? resource, [NotNullWhen(true)] out Jid? jid, [NotNullWhen(false)] out string? error)
    {
        jid = null;
        string? preparedLocal = null;
        if (local is not null && !TryPrepareLocal(local, out preparedLocal, out error))
        {
            return false;
        }

        if (!TryPrepareDomain(domain, out var preparedDomain, out error))
        {
            return false;
        }

        string? preparedResource = null;
        if (resource is not null && !TryPrepareResource(resource, out preparedResource, out error))
        {
            return false;
        }

        jid = new Jid(preparedLocal, preparedDomain, preparedResource);
        error = null;
        return true;
    }

    /// <summary>This address with <paramref name="resource"/> (prepared) as its resourcepart.</summary>
    /// <exception cref="FormatException">The resourcepart is not valid.</exception>
    public Jid WithResource(string resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return TryWithResource(resource, out var jid, out var error) ? jid : throw new FormatException(error);
    }

    /// <summary>
    /// This address with <paramref name="resource"/> (prepared) as its resourcepart; false with a
    /// reason when it is not valid (for a resource requested at bind, RFC 6120 §7.7.2.2).
    /// </summary>
    public bool TryWithResource(string resource, [NotNullWhen(true)] out Jid? jid, [NotNullWhen(false)] out string? error)
    {
        jid = null;
        if (resource is null || resource.Length > MaxInputLength)
        {
            error = "the resourcepart is missing or too long";
            return false;
        }

        if (!TryPrepareResource(resource, out var prepared, out error))
        {
            return false;
        }

        jid = new Jid(Local, Domain, prepared);
        return true;
    }

    /// <summary>The canonical string form, <c>[local@]domain[/resource]</c>.</summary>
    public override string ToString() => (Local, Resource) switch
    {
        (null, null) => Domain,
        (null, _) => string.Concat(Domain, "/", Resource),
        (_, null) => string.Concat(Local, "@", Domain),
        _ => string.Concat(Local, "@", Domain, "/", Resource),
    };

    /// <summary>Ordinal equality of the prepared parts.</summary>
    public bool Equals(Jid? other) =>
        other is not null
        && string.Equals(Local, other.Local, StringComparison.Ordinal)
        && string.Equals(Domain, other.Domain, StringComparison.Ordinal)
        && string.Equals(Resource, other.Resource, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(
        Local is null ? 0 : StringComparer.Ordinal.GetHashCode(Local),
        StringComparer.Ordinal.GetHashCode(Domain),
        Resource is null ? 0 : StringComparer.Ordinal.GetHashCode(Resource));

    private static bool TryPrepareLocal(string local, [NotNullWhen(true)] out string? prepared, [NotNullWhen(false)] out string? error)
    {
        prepared = null;
        if (local.Length > MaxInputLength)
        {
            error = "the localpart is too long";
            return false;
        }

        var result = PrecisProfiles.UsernameCaseMapped(local, out var precisError);
        if (result is null)
        {
            error = "the localpart " + precisError;
            return false;
        }

        // RFC 7622 §3.3.1: these ASCII7 characters are allowed by IdentifierClass but not in a
        // localpart, because they are JID or XML delimiters.
        var excluded = result.AsSpan().IndexOfAny(ExcludedFromLocal);
        if (excluded >= 0)
        {
            error = $"the localpart contains the excluded character '{result[excluded]}'";
            return false;
        }

        if (Encoding.UTF8.GetByteCount(result) > MaxPartBytes)
        {
            error = "the localpart is longer than 1023 bytes";
            return false;
        }

        prepared = result;
        error = null;
        return true;
    }

    private static bool TryPrepareResource(string resource, [NotNullWhen(true)] out string? prepared, [NotNullWhen(false)] out string? error)
    {
        prepared = null;
        var result = PrecisProfiles.OpaqueString(resource, out var precisError);
        if (result is null)
        {
            error = "the resourcepart " + precisError;
            return false;
        }

        if (Encoding.UTF8.GetByteCount(result) > MaxPartBytes)
        {
            error = "the resourcepart is longer than 1023 bytes";
            return false;
        }

        prepared = result;
        error = null;
        return true;
    }

    private static bool TryPrepareDomain(string domain, [NotNullWhen(true)] out string? prepared, [NotNullWhen(false)] out string? error)
    {
        prepared = null;
        if (domain.Length > MaxInputLength)
        {
            error = "the domainpart is too long";
            return false;
        }

        // RFC 7622 §3.2: a trailing full stop is removed before any other processing.
        if (domain.EndsWith('.'))
        {
            domain = domain[..^1];
        }

        if (domain.Length == 0)
        {
            error = "the domainpart is empty";
            return false;
        }

        // RFC 7622 §3.2: an IP-literal (RFC 3986 §3.2.2, IPv6 only; IPvFuture is not accepted).
        if (domain[0] == '[')
        {
            return TryPrepareIPv6Literal(domain, out prepared, out error);
        }

        if (IsIPv4Literal(domain))
        {
            prepared = domain;
            error = null;
            return true;
        }

        return TryPrepareDnsDomain(domain, out prepared, out error);
    }

    private static bool TryPrepareIPv6Literal(string domain, [NotNullWhen(true)] out string? prepared, [NotNullWhen(false)] out string? error)
    {
        prepared = null;
        var inner = domain.AsSpan(1);
        if (!inner.EndsWith(']') || inner.Contains('%'))
        {
            // A zone identifier ("%eth0") is meaningful only on one host, never in an address.
            error = "the domainpart is not a valid IPv6 literal";
            return false;
        }

        inner = inner[..^1];
        if (!IPAddress.TryParse(inner, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6
            || inner.ContainsAny('[', ']'))
        {
            error = "the domainpart is not a valid IPv6 literal";
            return false;
        }

        // The RFC 5952 text form, so that every spelling of one address gives one JID.
        prepared = string.Concat("[", address.ToString(), "]");
        error = null;
        return true;
    }

    /// <summary>
    /// A conservative subset of names IDNA would return unchanged: lowercase LDH labels of 1–63
    /// characters, no hyphen at either end or in positions 3–4 (which rules out A-labels, "xn--"),
    /// a non-numeric last label, at most 253 characters. Anything else goes through ICU.
    /// </summary>
    private static bool IsPlainHostName(string domain)
    {
        if (domain.Length > 253)
        {
            return false;
        }

        var lastLabelHasLetter = false;
        var labelStart = 0;
        for (var i = 0; i <= domain.Length; i++)
        {
            if (i < domain.Length && domain[i] != '.')
            {
                var c = domain[i];
                if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
                {
                    return false;
                }

                continue;
            }

            var label = domain.AsSpan(labelStart, i - labelStart);
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-'
                || (label.Length >= 4 && label[2] == '-' && label[3] == '-'))
            {
                return false;
            }

            lastLabelHasLetter = label.ContainsAnyExceptInRange('0', '9');
            labelStart = i + 1;
        }

        return lastLabelHasLetter;
    }

    /// <summary>RFC 3986 §3.2.2 IPv4address: four dec-octets, no leading zeros.</summary>
    private static bool IsIPv4Literal(string domain)
    {
        var parts = domain.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit) || (part.Length > 1 && part[0] == '0')
                || int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// RFC 7622 §3.2: an IDNA2008 domain name, compared and stored as U-labels. ICU's UTS #46
    /// processing (behind <see cref="IdnMapping"/>) lowercases, width-maps and NFC-normalizes,
    /// rejects disallowed code points, checks A-labels, and with STD3 rules limits ASCII labels
    /// to letters, digits and hyphens. Approximation: UTS #46 mapping is a superset of the
    /// RFC 5895 mapping RFC 7622 refers to; for valid names the result is the same. ICU also
    /// enforces the DNS limit of 253 octets for the A-label form, which is stricter than the
    /// 1023 bytes of RFC 7622 §3.2 but what any resolvable name meets.
    /// </summary>
    private static bool TryPrepareDnsDomain(string domain, [NotNullWhen(true)] out string? prepared, [NotNullWhen(false)] out string? error)
    {
        prepared = null;
        if (!PrecisProfiles.IsWellFormed(domain))
        {
            error = "the domainpart contains an unpaired surrogate";
            return false;
        }

        var mapped = PrecisProfiles.MapWidth(domain).ToLowerInvariant().Normalize(NormalizationForm.FormC);
        if (IsPlainHostName(mapped))
        {
            // Most domains are plain lowercase host names, which IDNA leaves unchanged.
            prepared = mapped;
            error = null;
            return true;
        }

        // A new IdnMapping per call: its settings are mutable, so it is not shared.
        var idn = new IdnMapping { AllowUnassigned = false, UseStd3AsciiRules = true };
        string ascii;
        string unicode;
        try
        {
            ascii = idn.GetAscii(mapped);
            unicode = idn.GetUnicode(ascii);
        }
        catch (ArgumentException)
        {
            error = "the domainpart is not a valid domain name";
            return false;
        }

        var labels = ascii.Split('.');
        if (labels[^1].All(char.IsAsciiDigit))
        {
            // RFC 1123 §2.1 / RFC 3696 §2: a top-level label is never all-numeric, so a name such
            // as "1.2.3.04" or "256.1.1.1" is neither a host name nor an IPv4 literal. Rejecting it
            // keeps "1.2.3.4" from having a second spelling.
            error = "the domainpart is neither a host name nor a valid IPv4 literal";
            return false;
        }

        foreach (var label in labels)
        {
            // RFC 5890 §2.3.2.1 / RFC 1035: a label is 1 to 63 octets in its A-label form.
            if (label.Length is 0 or > 63)
            {
                error = "the domainpart has an empty label or one longer than 63 octets";
                return false;
            }
        }

        if (Encoding.UTF8.GetByteCount(unicode) > MaxPartBytes)
        {
            error = "the domainpart is longer than 1023 bytes";
            return false;
        }

        prepared = unicode;
        error = null;
        return true;
    }
}
