using Microsoft.Extensions.Localization;

namespace Snikket.Portal;

/// <summary>"Today", "Yesterday", "N days ago", "Never" — as Snikket's user list says it.</summary>
public static class LastActive
{
    public static string Describe(long? lastActive, long now, IStringLocalizer<Strings> t)
    {
        if (lastActive is null)
        {
            return t["LastActive.Never"];
        }

        var days = (now - lastActive.Value) / 86400;
        return days switch
        {
            <= 0 => t["LastActive.Today"],
            1 => t["LastActive.Yesterday"],
            _ => t["LastActive.DaysAgo", days],
        };
    }
}
