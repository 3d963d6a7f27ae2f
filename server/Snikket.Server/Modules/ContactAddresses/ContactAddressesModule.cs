using Snikket.Server.Routing;
using Snikket.Xmpp;

namespace Snikket.Server.Modules.ContactAddresses;

/// <summary>
/// XEP-0157: Contact Addresses for XMPP Services. The server's disco#info carries a XEP-0128 form
/// (FORM_TYPE <c>http://jabber.org/network/serverinfo</c>) with the operator's address
/// (<c>SNIKKET_ADMIN_EMAIL</c>) and, when set, the abuse and security addresses, as mailto: URIs.
/// </summary>
[Xep(157, "1.1.1")]
internal sealed class ContactAddressesModule(ContactAddressesOptions options) : IModule
{
    public const string FormType = "http://jabber.org/network/serverinfo";

    private const string DataFormsNs = "jabber:x:data";

    public void Register(ModuleRegistry module)
    {
        var form = BuildForm(options);
        if (form is not null)
        {
            module.AddExtendedInfo(form);
        }
    }

    /// <summary>The form, or null when there is no address to publish.</summary>
    internal static Element? BuildForm(ContactAddressesOptions options)
    {
        // XEP-0157 §5 registers the fields; sorted by var here so the form reads as XEP-0115 hashes it.
        (string Var, string? Email)[] fields =
        [
            ("abuse-addresses", options.AbuseEmail),
            ("admin-addresses", options.AdminEmail),
            ("security-addresses", options.SecurityEmail),
        ];
        if (fields.All(f => string.IsNullOrEmpty(f.Email)))
        {
            return null;
        }

        var form = new Element("x", DataFormsNs).SetAttribute("type", "result");
        form.AddElement("field", DataFormsNs)
            .SetAttribute("var", "FORM_TYPE")
            .SetAttribute("type", "hidden")
            .AddElement("value", DataFormsNs).AddText(FormType);
        foreach (var (name, email) in fields)
        {
            if (!string.IsNullOrEmpty(email))
            {
                form.AddElement("field", DataFormsNs)
                    .SetAttribute("var", name)
                    .SetAttribute("type", "list-multi")
                    .AddElement("value", DataFormsNs).AddText(MailtoUri.From(email));
            }
        }

        return form;
    }
}
