using System.Security.Cryptography;
using System.Text;
using Snikket.Server.Modules.Caps;
using Snikket.Server.Storage;
using Snikket.Xmpp;

namespace Snikket.Server.Tests.Modules.Caps;

/// <summary>XEP-0115 §5.1 verification strings, checked against the worked examples of §5.2 and §5.3.</summary>
public sealed class CapsHashTests
{
    private const string DiscoInfo = "http://jabber.org/protocol/disco#info";

    // XEP-0115 §5.2 (the disco#info of §6.2 with the caps feature, as the steps list it).
    private const string SimpleExample = """
        <query xmlns='http://jabber.org/protocol/disco#info'>
          <identity category='client' name='Exodus 0.9.1' type='pc'/>
          <feature var='http://jabber.org/protocol/caps'/>
          <feature var='http://jabber.org/protocol/disco#items'/>
          <feature var='http://jabber.org/protocol/disco#info'/>
          <feature var='http://jabber.org/protocol/muc'/>
        </query>
        """;

    // XEP-0115 §5.3, verbatim from the specification's example.
    private const string ComplexExample = """
        <query xmlns='http://jabber.org/protocol/disco#info' node='http://psi-im.org#q07IKJEyjvHSyhy//CH0CxmKi8w='>
          <identity xml:lang='en' category='client' name='Psi 0.11' type='pc'/>
          <identity xml:lang='el' category='client' name='Ψ 0.11' type='pc'/>
          <feature var='http://jabber.org/protocol/caps'/>
          <feature var='http://jabber.org/protocol/disco#info'/>
          <feature var='http://jabber.org/protocol/disco#items'/>
          <feature var='http://jabber.org/protocol/muc'/>
          <x xmlns='jabber:x:data' type='result'>
            <field var='FORM_TYPE' type='hidden'>
              <value>urn:xmpp:dataforms:softwareinfo</value>
            </field>
            <field var='ip_version' type='text-multi' >
              <value>ipv4</value>
              <value>ipv6</value>
            </field>
            <field var='os'>
              <value>Mac</value>
            </field>
            <field var='os_version'>
              <value>10.5.1</value>
            </field>
            <field var='software'>
              <value>Psi</value>
            </field>
            <field var='software_version'>
              <value>0.11</value>
            </field>
          </x>
        </query>
        """;

    [Fact]
    public void The_simple_example_of_section_5_2_gives_its_published_ver()
    {
        Assert.Equal("QgayPKawpkPSDYmwT/WM94uAlu0=", CapsHash.Compute(StoredXml.Parse(SimpleExample)));
    }

    [Fact]
    public void The_complex_example_of_section_5_3_with_two_languages_and_a_form_gives_its_published_ver()
    {
        Assert.Equal("q07IKJEyjvHSyhy//CH0CxmKi8w=", CapsHash.Compute(StoredXml.Parse(ComplexExample)));
    }

    [Fact]
    public void The_typed_overload_agrees_with_the_element_overload()
    {
        var form = StoredXml.Parse(ComplexExample).Child("x", "jabber:x:data")!;

        var ver = CapsHash.Compute(
            [new CapsIdentity("client", "pc", "en", "Psi 0.11"), new CapsIdentity("client", "pc", "el", "Ψ 0.11")],
            ["http://jabber.org/protocol/muc", "http://jabber.org/protocol/disco#items", "http://jabber.org/protocol/disco#info", "http://jabber.org/protocol/caps"],
            [form]);

        Assert.Equal("q07IKJEyjvHSyhy//CH0CxmKi8w=", ver);
    }

    [Fact]
    public void The_order_of_the_input_does_not_change_the_ver()
    {
        var query = StoredXml.Parse(ComplexExample);
        var reversed = new Element("query", DiscoInfo);
        foreach (var child in query.Elements().Reverse())
        {
            reversed.Add(child.Clone());
        }

        Assert.Equal(CapsHash.Compute(query), CapsHash.Compute(reversed));
    }

    [Fact]
    public void Features_are_sorted_by_utf8_octets_not_by_utf16_code_units()
    {
        // U+FF21 is EF BC A1 in UTF-8 and sorts before U+1F600 (F0 9F 98 80); in UTF-16 the
        // surrogate D83D would sort first.
        const string Fullwidth = "urn:\uFF21";
        const string Emoji = "urn:\U0001F600";

        var ver = CapsHash.Compute([new CapsIdentity("server", "im", null, null)], [Emoji, Fullwidth], []);

        Assert.Equal(Sha1Base64($"server/im//<{Fullwidth}<{Emoji}<"), ver);
    }

    [Fact]
    public void A_form_without_a_form_type_is_left_out()
    {
        var untyped = StoredXml.Parse("<x xmlns='jabber:x:data' type='result'><field var='os'><value>Mac</value></field></x>");

        var ver = CapsHash.Compute([new CapsIdentity("server", "im", null, "Chat")], ["urn:a"], [untyped]);

        Assert.Equal(Sha1Base64("server/im//Chat<urn:a<"), ver);
    }

    [Fact]
    public void Forms_are_sorted_by_form_type_and_fields_by_var_with_values_sorted()
    {
        var second = StoredXml.Parse(
            "<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'><value>urn:b</value></field>"
            + "<field var='z'><value>2</value><value>1</value></field><field var='a'><value>x</value></field></x>");
        var first = StoredXml.Parse(
            "<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'><value>urn:a</value></field></x>");

        var ver = CapsHash.Compute([new CapsIdentity("server", "im", null, null)], [], [second, first]);

        Assert.Equal(Sha1Base64("server/im//<urn:a<urn:b<a<x<z<1<2<"), ver);
    }

    private static string Sha1Base64(string s)
    {
#pragma warning disable CA5350 // XEP-0115 fixes sha-1.
        return Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(s)));
#pragma warning restore CA5350
    }
}
