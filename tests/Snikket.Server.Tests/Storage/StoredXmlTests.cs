using Snikket.Server.Storage;
using Snikket.Xmpp;

namespace Snikket.Server.Tests.Storage;

public sealed class StoredXmlTests
{
    [Fact]
    public void An_element_survives_a_round_trip_with_namespaces_attributes_and_escaped_text()
    {
        var element = new Element("vCard", "vcard-temp");
        element.AddElement("FN", "vcard-temp").AddText("A & B <c> 'd' \"e\"");
        element.AddElement("x", "urn:other").SetAttribute("lang", Ns.Xml, "en").SetAttribute("k", "v'\"<&");

        var back = StoredXml.Parse(StoredXml.Serialize(element));

        Assert.Equal(StoredXml.Serialize(element), StoredXml.Serialize(back));
        Assert.Equal("vcard-temp", back.Namespace);
        Assert.Equal("A & B <c> 'd' \"e\"", back.Child("FN", "vcard-temp")!.Text);
        Assert.Equal("en", back.Child("x", "urn:other")!.GetAttribute("lang", Ns.Xml));
    }

    [Fact]
    public void The_byte_count_is_of_utf8()
    {
        Assert.Equal(3, StoredXml.ByteCount("é."));
    }

    [Theory]
    [InlineData("")]
    [InlineData("<a xmlns='urn:x'>")]
    [InlineData("<a xmlns='urn:x'></b>")]
    public void Text_that_is_not_one_element_is_invalid_data(string xml)
    {
        Assert.Throws<InvalidDataException>(() => StoredXml.Parse(xml));
    }
}
