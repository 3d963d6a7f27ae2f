namespace Snikket.Configuration;

/// <summary>"Did you mean …?" for misspelt keys, by edit distance to the known keys.</summary>
internal static class KeySuggestions
{
    /// <summary>
    /// The known key closest to <paramref name="key"/>, if it is close enough to be a plausible
    /// typo: case-insensitive, tolerating a missing <c>SNIKKET_</c> prefix (<c>DOMAIN</c>) and
    /// about one edit per five characters (so <c>SNIKKET_TWEAK_TURN_INTERNAL_IP</c>, the name
    /// Snikket's own warning uses, finds <c>SNIKKET_TWEAK_TURNSERVER_INTERNAL_IP</c>).
    /// </summary>
    public static string? Suggest(string key)
    {
        var upper = key.ToUpperInvariant();
        string[] candidates = upper.StartsWith(SnikketKeys.Prefix, StringComparison.Ordinal)
            ? [upper]
            : [upper, SnikketKeys.Prefix + upper];
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var setting in SnikketSettings.All)
        {
            foreach (var candidate in candidates)
            {
                var distance = Distance(candidate, setting.Key);
                if (distance < bestDistance)
                {
                    bestDistance = distance;
                    best = setting.Key;
                }
            }
        }

        return best is not null && bestDistance <= Math.Max(2, best.Length / 5) ? best : null;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and
    /// swaps of neighbours each cost 1, since swapped letters are the commonest typo.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
