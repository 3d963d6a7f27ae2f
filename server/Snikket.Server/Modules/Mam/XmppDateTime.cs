using System.Globalization;
using System.Text.RegularExpressions;

namespace Snikket.Server.Modules.Mam;

/// <summary>The XEP-0082 §3.3 DateTime profile: <c>CCYY-MM-DDThh:mm:ss[.sss]TZD</c>, TZD being Z or ±hh:mm.</summary>
internal static partial class XmppDateTime
{
    /// <summary>Formats in UTC with milliseconds, as XEP-0203 delay stamps are read by every client.</summary>
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Formats Unix milliseconds.</summary>
    public static string Format(long unixMilliseconds) => Format(DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds));

    /// <summary>Reads a DateTime; false for anything outside the profile (a date alone, no zone, a comma, …).</summary>
    public static bool TryParse(string text, out DateTimeOffset time)
    {
        time = default;
        return Profile().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }

    // [0-9], not \d, which also matches digits of other scripts.
    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?(Z|[+-][0-9]{2}:[0-9]{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Profile();
}
