using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Snikket.Xmpp;

namespace Snikket.Server.Modules.Caps;

/// <summary>
/// XEP-0115 §5.1: the verification string ('ver') of a disco#info result — identities, features
/// and XEP-0128 forms, each sorted with "i;octet" collation (RFC 4790 §9.3, i.e. by UTF-8 bytes),
/// joined with '&lt;', hashed with SHA-1 and Base64-encoded. Pure: the same input always gives
/// the same string.
/// </summary>
internal static class CapsHash
{
    private const string DiscoInfoNs = "http://jabber.org/protocol/disco#info";
    private const string DataFormsNs = "jabber:x:data";

    /// <summary>The 'ver' of a disco#info <c>&lt;query/&gt;</c> element, as a processing entity would check it.</summary>
    public static string Compute(Element discoInfoQuery)
    {
        var identities = discoInfoQuery.Elements("identity", DiscoInfoNs).Select(i => new CapsIdentity(
            i.GetAttribute("category") ?? "",
            i.GetAttribute("type") ?? "",
            i.GetAttribute("lang", Ns.Xml),
            i.GetAttribute("name")));
        var features = discoInfoQuery.Elements("feature", DiscoInfoNs).Select(f => f.GetAttribute("var") ?? "");
        return Compute(identities, features, discoInfoQuery.Elements("x", DataFormsNs));
    }

    /// <summary>The 'ver' for these identities, features and extended-info forms.</summary>
    [SuppressMessage("Security", "CA5350:Do not use weak cryptographic algorithms", Justification = "XEP-0115 'ver' is a cache key, not a security boundary, and sha-1 is the one hash every client checks.")]
    public static string Compute(IEnumerable<CapsIdentity> identities, IEnumerable<string> features, IEnumerable<Element> forms)
    {
        var s = new StringBuilder();

        // §5.1 steps 2–3: by category, type, xml:lang (the name only breaks ties, for a stable result).
        var sortedIdentities = identities.ToList();
        sortedIdentities.Sort((a, b) =>
        {
            var byCategory = Octets.Compare(a.Category, b.Category);
            if (byCategory != 0)
            {
                return byCategory;
            }

            var byType = Octets.Compare(a.Type, b.Type);
            if (byType != 0)
            {
                return byType;
            }

            var byLang = Octets.Compare(a.Lang ?? "", b.Lang ?? "");
            return byLang != 0 ? byLang : Octets.Compare(a.Name ?? "", b.Name ?? "");
        });
        foreach (var identity in sortedIdentities)
        {
            s.Append(identity.Category).Append('/').Append(identity.Type).Append('/')
                .Append(identity.Lang).Append('/').Append(identity.Name).Append('<');
        }

        // Steps 4–5.
        foreach (var feature in features.Order(Octets))
        {
            s.Append(feature).Append('<');
        }

        // Steps 6–7: forms by FORM_TYPE; in each, fields by var, values sorted. A form without a
        // FORM_TYPE is not part of the hash (§5.4 step 3.6 ignores it too).
        var typedForms = forms
            .Select(form => (Form: form, Type: FormType(form)))
            .Where(f => f.Type is not null)
            .OrderBy(f => f.Type!, Octets);
        foreach (var (form, type) in typedForms)
        {
            s.Append(type).Append('<');
            var fields = form.Elements("field", DataFormsNs)
                .Where(f => f.GetAttribute("var") is { } name && name != "FORM_TYPE")
                .OrderBy(f => f.GetAttribute("var")!, Octets);
            foreach (var field in fields)
            {
                s.Append(field.GetAttribute("var")).Append('<');
                foreach (var value in field.Elements("value", DataFormsNs).Select(v => v.Text).Order(Octets))
                {
                    s.Append(value).Append('<');
                }
            }
        }

        // Steps 8–9: UTF-8, SHA-1, Base64 without line breaks.
        return Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(s.ToString())));
    }

    private static readonly OctetComparer Octets = new();

    private static string? FormType(Element form) =>
        form.Elements("field", DataFormsNs).FirstOrDefault(f => f.GetAttribute("var") == "FORM_TYPE")?.Child("value", DataFormsNs)?.Text;

    /// <summary>RFC 4790 §9.3 "i;octet": compares the UTF-8 bytes (UTF-16 ordinal order differs above U+D7FF).</summary>
    private sealed class OctetComparer : IComparer<string>
    {
        public int Compare(string? x, string? y)
        {
            var a = Encoding.UTF8.GetBytes(x ?? "");
            var b = Encoding.UTF8.GetBytes(y ?? "");
            return a.AsSpan().SequenceCompareTo(b);
        }
    }
}
