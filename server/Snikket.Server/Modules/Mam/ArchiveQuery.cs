using System.Globalization;
using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Modules.Mam;

/// <summary>
/// A parsed archive query: the XEP-0313 §4.1 filter form, the XEP-0059 paging request and the
/// flip-page flag (§4.3.3). Parsing checks everything that does not need the database; ids the
/// query names must still be looked up (unknown ones are item-not-found).
/// </summary>
internal sealed record ArchiveQuery
{
    public const string DataNs = "jabber:x:data";
    public const string RsmNs = "http://jabber.org/protocol/rsm";

    /// <summary>The client's 'queryid', echoed in every result.</summary>
    public string? QueryId { get; init; }

    public Jid? With { get; init; }

    /// <summary>'start', Unix milliseconds (inclusive).</summary>
    public long? Start { get; init; }

    /// <summary>'end', Unix milliseconds (inclusive).</summary>
    public long? End { get; init; }

    /// <summary>'after-id' (exclusive).</summary>
    public long? AfterId { get; init; }

    /// <summary>'before-id' (exclusive).</summary>
    public long? BeforeId { get; init; }

    /// <summary>'ids': exactly these messages.</summary>
    public IReadOnlyList<long>? Ids { get; init; }

    /// <summary>Page size, already capped.</summary>
    public int Max { get; init; }

    /// <summary>RSM &lt;after/&gt;: the page after this id.</summary>
    public long? PageAfter { get; init; }

    /// <summary>RSM &lt;before/&gt; was given: page backwards, from the end or from <see cref="PageBefore"/>.</summary>
    public bool Backward { get; init; }

    /// <summary>RSM &lt;before&gt;id&lt;/before&gt;: the page before this id.</summary>
    public long? PageBefore { get; init; }

    /// <summary>Send the page newest first (the page itself does not change).</summary>
    public bool Flip { get; init; }

    /// <summary>Every id the client named; each must be in the archive (XEP-0313 §4.1.3, §4.3.2).</summary>
    public IEnumerable<long> NamedIds =>
        new[] { AfterId, BeforeId, PageAfter, PageBefore }.OfType<long>().Concat(Ids ?? []);

    /// <summary>Reads a &lt;query/&gt; set request; false with the error to answer when it is not acceptable.</summary>
    public static bool TryParse(Element query, MamOptions options, out ArchiveQuery parsed, out StanzaError error)
    {
        parsed = new ArchiveQuery { QueryId = query.GetAttribute("queryid"), Max = options.DefaultPageSize, Flip = query.Child("flip-page", MamModule.Ns) is not null };
        if (!TryParseForm(query.Child("x", DataNs), ref parsed, out error) || !TryParsePaging(query.Child("set", RsmNs), options, ref parsed, out error))
        {
            return false;
        }

        if (parsed.Ids?.Count > options.MaxPageSize)
        {
            error = StanzaError.NotAcceptable($"At most {options.MaxPageSize} ids in one query.");
            return false;
        }

        return true;
    }

    private static bool TryParseForm(Element? form, ref ArchiveQuery parsed, out StanzaError error)
    {
        error = null!;
        if (form is null)
        {
            return true;
        }

        if (form.GetAttribute("type") != "submit")
        {
            error = StanzaError.BadRequest("The query form must be of type 'submit'.");
            return false;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in form.Elements("field", DataNs))
        {
            var name = field.GetAttribute("var");
            if (name is null || !seen.Add(name))
            {
                error = StanzaError.BadRequest(name is null ? "A form field has no 'var'." : $"The field '{name}' appears twice.");
                return false;
            }

            var values = field.Elements("value", DataNs).Select(v => v.Text.Trim()).Where(v => v.Length > 0).ToList();
            if (values.Count > 1 && name != "ids")
            {
                error = StanzaError.BadRequest($"The field '{name}' takes one value.");
                return false;
            }

            var value = values.Count == 1 ? values[0] : null;
            switch (name)
            {
                case "FORM_TYPE":
                    if (value != MamModule.Ns)
                    {
                        error = StanzaError.BadRequest($"FORM_TYPE must be {MamModule.Ns}.");
                        return false;
                    }

                    break;
                case "with" when value is not null:
                    if (!Jid.TryParse(value, out var with))
                    {
                        error = StanzaError.BadRequest("'with' is not a valid JID.");
                        return false;
                    }

                    parsed = parsed with { With = with };
                    break;
                case "start" or "end" when value is not null:
                    if (!XmppDateTime.TryParse(value, out var time))
                    {
                        error = StanzaError.BadRequest($"'{name}' is not an XEP-0082 DateTime (e.g. 2024-05-01T12:00:00Z).");
                        return false;
                    }

                    parsed = name == "start"
                        ? parsed with { Start = time.ToUnixTimeMilliseconds() }
                        : parsed with { End = time.ToUnixTimeMilliseconds() };
                    break;
                case "after-id" or "before-id" when value is not null:
                    if (!TryParseId(value, out var id, out error))
                    {
                        return false;
                    }

                    parsed = name == "after-id" ? parsed with { AfterId = id } : parsed with { BeforeId = id };
                    break;
                case "ids" when values.Count > 0:
                    var ids = new List<long>(values.Count);
                    foreach (var text in values)
                    {
                        if (!TryParseId(text, out var one, out error))
                        {
                            return false;
                        }

                        ids.Add(one);
                    }

                    parsed = parsed with { Ids = ids };
                    break;
                case "with" or "start" or "end" or "after-id" or "before-id" or "ids":
                    // Present without a value: no filter.
                    break;
                default:
                    // XEP-0313 §4.1.5: a field the server does not recognise.
                    error = StanzaError.FeatureNotImplemented($"The field '{Shorten(name)}' is not supported.");
                    return false;
            }
        }

        return true;
    }

    private static bool TryParsePaging(Element? set, MamOptions options, ref ArchiveQuery parsed, out StanzaError error)
    {
        error = null!;
        if (set is null)
        {
            return true;
        }

        if (set.Child("index", RsmNs) is not null)
        {
            // XEP-0059 §2.6: paging by index is optional; ids page just as well.
            error = StanzaError.FeatureNotImplemented("Paging by index is not supported; use after or before.");
            return false;
        }

        if (set.Child("max", RsmNs) is { } max)
        {
            if (!int.TryParse(max.Text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                // Digits only: negative, signed, or too large to read are all refused.
                error = StanzaError.BadRequest("<max/> must be a non-negative integer.");
                return false;
            }

            parsed = parsed with { Max = Math.Min(size, options.MaxPageSize) };
        }

        var after = set.Child("after", RsmNs);
        var before = set.Child("before", RsmNs);
        if (after is not null && before is not null)
        {
            // XEP-0313 §4.3.2: undefined by RSM; the form's after-id and before-id do this.
            error = StanzaError.BadRequest("Use either <after/> or <before/>; for a range use the after-id and before-id fields.");
            return false;
        }

        if (after is not null)
        {
            if (!TryParseId(after.Text.Trim(), out var id, out error))
            {
                return false;
            }

            parsed = parsed with { PageAfter = id };
        }

        if (before is not null)
        {
            var text = before.Text.Trim();
            parsed = parsed with { Backward = true };
            if (text.Length > 0)
            {
                if (!TryParseId(text, out var id, out error))
                {
                    return false;
                }

                parsed = parsed with { PageBefore = id };
            }
        }

        return true;
    }

    /// <summary>Ids are opaque to clients: text that is not one of ours is simply not in the archive.</summary>
    private static bool TryParseId(string text, out long id, out StanzaError error)
    {
        if (ArchiveIds.TryParse(text, out id))
        {
            error = null!;
            return true;
        }

        error = StanzaError.ItemNotFound($"No message '{Shorten(text)}' in the archive.");
        return false;
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
