using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Modules.Mam;

/// <summary>
/// One user's archiving preferences (XEP-0441 §2) in the form the archive hook asks: "is a
/// message with this contact archived?". A JID in 'never' wins over one in 'always', which wins
/// over the default. A bare JID in a list matches every resource of that JID, a full JID only
/// itself (XEP-0441 §2.2).
/// </summary>
internal sealed class ArchivePolicy
{
    /// <summary>Most JIDs the two lists may hold together, so one user's preferences stay small.</summary>
    public const int MaxJids = 1000;

    private readonly HashSet<Jid> _always;
    private readonly HashSet<Jid> _never;

    public ArchivePolicy(string defaultMode, IEnumerable<Jid> always, IEnumerable<Jid> never)
    {
        DefaultMode = defaultMode;
        _always = [.. always];
        _never = [.. never];
    }

    /// <summary>What a user who never set preferences gets: everything archived.</summary>
    public static ArchivePolicy Default { get; } = new("always", [], []);

    /// <summary><c>always</c>, <c>never</c> or <c>roster</c>.</summary>
    public string DefaultMode { get; }

    public IReadOnlyCollection<Jid> Always => _always;

    public IReadOnlyCollection<Jid> Never => _never;

    /// <summary>Whether a message to or from <paramref name="with"/> goes into the archive.</summary>
    public bool Allows(Jid with)
    {
        if (Matches(_never, with))
        {
            return false;
        }

        if (Matches(_always, with))
        {
            return true;
        }

        // TODO: 'roster' means "contacts in the roster"; until the roster module can be asked,
        // it archives everything, like 'always' (archiving too much loses nothing).
        return DefaultMode != "never";
    }

    /// <summary>The &lt;prefs/&gt; element of a get result or a set reply.</summary>
    public Element ToElement()
    {
        var prefs = new Element("prefs", MamModule.Ns).SetAttribute("default", DefaultMode);
        AddList(prefs, "always", _always);
        AddList(prefs, "never", _never);
        return prefs;
    }

    /// <summary>Reads a &lt;prefs/&gt; set request; false with the error to return when it is not acceptable.</summary>
    public static bool TryParse(Element prefs, out ArchivePolicy policy, out StanzaError error)
    {
        policy = Default;
        var mode = prefs.GetAttribute("default");
        if (mode is not ("always" or "never" or "roster"))
        {
            error = StanzaError.BadRequest("The 'default' attribute must be always, never or roster.");
            return false;
        }

        var always = new List<Jid>();
        var never = new List<Jid>();
        foreach (var (name, list) in new[] { ("always", always), ("never", never) })
        {
            foreach (var container in prefs.Elements(name, MamModule.Ns))
            {
                foreach (var item in container.Elements("jid", MamModule.Ns))
                {
                    if (!Jid.TryParse(item.Text.Trim(), out var jid))
                    {
                        error = StanzaError.JidMalformed($"'{Truncate(item.Text)}' is not a JID.");
                        return false;
                    }

                    list.Add(jid);
                }
            }
        }

        if (always.Count + never.Count > MaxJids)
        {
            error = StanzaError.NotAcceptable($"At most {MaxJids} JIDs can be listed.");
            return false;
        }

        if (always.Intersect(never).FirstOrDefault() is { } both)
        {
            error = StanzaError.BadRequest($"{both} cannot be in both lists.");
            return false;
        }

        policy = new ArchivePolicy(mode, always, never);
        error = null!;
        return true;
    }

    /// <summary>Rebuilds a policy from its stored row; JIDs that no longer parse are skipped.</summary>
    public static ArchivePolicy FromRow(ArchivePreferences row) =>
        new(row.DefaultMode, ParseLines(row.AlwaysJids), ParseLines(row.NeverJids));

    public ArchivePreferences ToRow(string owner) => new()
    {
        Owner = owner,
        DefaultMode = DefaultMode,
        AlwaysJids = string.Join('\n', _always.Select(j => j.ToString()).Order(StringComparer.Ordinal)),
        NeverJids = string.Join('\n', _never.Select(j => j.ToString()).Order(StringComparer.Ordinal)),
    };

    private static bool Matches(HashSet<Jid> list, Jid with) =>
        list.Count > 0 && (list.Contains(with) || (with.Resource is not null && list.Contains(with.Bare)));

    private static void AddList(Element prefs, string name, IEnumerable<Jid> jids)
    {
        var list = prefs.AddElement(name, MamModule.Ns);
        foreach (var jid in jids.Select(j => j.ToString()).Order(StringComparer.Ordinal))
        {
            list.AddElement("jid", MamModule.Ns).AddText(jid);
        }
    }

    private static IEnumerable<Jid> ParseLines(string lines)
    {
        foreach (var line in lines.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Jid.TryParse(line, out var jid))
            {
                yield return jid;
            }
        }
    }

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
