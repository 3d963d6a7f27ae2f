using Snikket.Server.Modules.ContactAddresses;
using Snikket.Xmpp;

namespace Snikket.Server.Tests.Modules.ContactAddresses;

public sealed class ContactAddressesModuleTests
{
    private const string DataForms = "jabber:x:data";

    [Fact]
    public void The_form_has_the_serverinfo_form_type_and_one_field_per_address()
    {
        var form = ContactAddressesModule.BuildForm(new ContactAddressesOptions("admin@example.com", "abuse@example.com", "security@example.com"))!;

        Assert.Equal("result", form.GetAttribute("type"));
        Assert.Equal(
            [
                ("FORM_TYPE", "http://jabber.org/network/serverinfo"),
                ("abuse-addresses", "mailto:abuse@example.com"),
                ("admin-addresses", "mailto:admin@example.com"),
                ("security-addresses", "mailto:security@example.com"),
            ],
            Fields(form));
    }

    [Fact]
    public void An_address_that_is_not_set_has_no_field()
    {
        var form = ContactAddressesModule.BuildForm(new ContactAddressesOptions("admin@example.com", null, ""))!;

        Assert.Equal([("FORM_TYPE", "http://jabber.org/network/serverinfo"), ("admin-addresses", "mailto:admin@example.com")], Fields(form));
    }

    [Fact]
    public void No_address_at_all_gives_no_form()
    {
        Assert.Null(ContactAddressesModule.BuildForm(new ContactAddressesOptions(null, null, null)));
    }

    [Fact]
    public void The_form_type_field_is_hidden()
    {
        var form = ContactAddressesModule.BuildForm(new ContactAddressesOptions("admin@example.com", null, null))!;

        Assert.Equal("hidden", form.Elements("field", DataForms).First(f => f.GetAttribute("var") == "FORM_TYPE").GetAttribute("type"));
    }

    [Theory]
    [InlineData("admin@example.com", "mailto:admin@example.com")]
    [InlineData("first.last+xmpp@example.com", "mailto:first.last+xmpp@example.com")]
    [InlineData("ops%team@example.com", "mailto:ops%25team@example.com")]
    [InlineData("who?#x@example.com", "mailto:who%3F%23x@example.com")]
    [InlineData("jörg@example.com", "mailto:j%C3%B6rg@example.com")]
    public void Mailto_uris_percent_encode_what_rfc_6068_does_not_allow(string email, string uri)
    {
        Assert.Equal(uri, MailtoUri.From(email));
    }

    private static List<(string, string)> Fields(Element form) =>
        [.. form.Elements("field", DataForms).Select(f => (f.GetAttribute("var")!, f.Child("value", DataForms)!.Text))];
}
