using System.Globalization;
using Snikket.Xmpp;

namespace Snikket.Server.Modules.AdHoc;

/// <summary>XEP-0004 data forms: building forms and results, reading submitted values.</summary>
internal static class DataForm
{
    public const string Ns = "jabber:x:data";

    /// <summary>A new form of <paramref name="type"/> (form, result) with a hidden FORM_TYPE when given.</summary>
    public static Element Create(string type, string? formType, string? title = null, string? instructions = null)
    {
        var form = new Element("x", Ns).SetAttribute("type", type);
        if (title is not null)
        {
            form.AddElement("title", Ns).AddText(title);
        }

        if (instructions is not null)
        {
            form.AddElement("instructions", Ns).AddText(instructions);
        }

        if (formType is not null)
        {
            AddField(form, "FORM_TYPE", "hidden", null, formType);
        }

        return form;
    }

    /// <summary>Adds a field; <paramref name="options"/> for list fields.</summary>
    public static Element AddField(Element form, string var, string type, string? label, string? value = null, bool required = false, IEnumerable<string>? options = null)
    {
        var field = form.AddElement("field", Ns).SetAttribute("var", var).SetAttribute("type", type).SetAttribute("label", label);
        if (required)
        {
            field.AddElement("required", Ns);
        }

        foreach (var option in options ?? [])
        {
            field.AddElement("option", Ns).SetAttribute("label", option).AddElement("value", Ns).AddText(option);
        }

        if (value is not null)
        {
            field.AddElement("value", Ns).AddText(value);
        }

        return field;
    }

    /// <summary>The first value of a field, or null.</summary>
    public static string? Value(Element form, string var) =>
        form.Elements("field", Ns).FirstOrDefault(f => f.GetAttribute("var") == var)?.Child("value", Ns)?.Text;

    /// <summary>XEP-0004 §3.3 boolean: "1"/"true" are true.</summary>
    public static bool Boolean(string? value) => value is "1" or "true";

    /// <summary>XEP-0082 DateTime in UTC, as the 'expire' field of XEP-0401 wants it.</summary>
    public static string DateTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
