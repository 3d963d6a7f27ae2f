namespace Snikket.Xmpp.Tests;

public sealed class ElementTests
{
    [Fact]
    public void Set_attribute_adds_replaces_and_removes()
    {
        var message = new Element("message", Ns.Client);

        message.SetAttribute("type", "chat").SetAttribute("to", "a@b").SetAttribute("type", "normal").SetAttribute("to", null);

        Assert.Equal([new XmlAttribute("type", "", "normal")], message.Attributes);
        Assert.Null(message.GetAttribute("to"));
    }

    [Fact]
    public void Qualified_and_unqualified_attributes_with_one_name_are_distinct()
    {
        var body = new Element("body", Ns.Client).SetAttribute("lang", "x").SetAttribute("lang", Ns.Xml, "en");

        Assert.Equal("x", body.GetAttribute("lang"));
        Assert.Equal("en", body.GetAttribute("lang", Ns.Xml));
    }

    [Fact]
    public void Add_element_returns_the_child_and_add_returns_the_parent()
    {
        var iq = new Element("iq", Ns.Client);

        var query = iq.AddElement("query", "jabber:iq:roster");
        var same = iq.Add(new Element("x", "urn:x")).AddText("t");

        Assert.Same(iq, same);
        Assert.Same(iq, query.Parent);
        Assert.Equal(3, iq.Nodes.Count);
        Assert.Equal(["query", "x"], iq.Elements().Select(e => e.Name));
        Assert.Same(query, iq.Child("query", "jabber:iq:roster"));
        Assert.Null(iq.Child("query", Ns.Client));
        Assert.Single(iq.Elements("x", "urn:x"));
    }

    [Fact]
    public void Text_concatenates_direct_text_children_only()
    {
        var body = new Element("body", Ns.Client).AddText("a");
        body.AddElement("b", Ns.Client).AddText("inner");
        body.AddText("c");

        Assert.Equal("ac", body.Text);
        Assert.Equal("", new Element("x", "").Text);
    }

    [Fact]
    public void Node_with_a_parent_cannot_be_added_elsewhere()
    {
        var a = new Element("a", "");
        var child = a.AddElement("c", "");

        Assert.Throws<InvalidOperationException>(() => new Element("b", "").Add(child));
    }

    [Fact]
    public void Element_cannot_contain_itself_or_an_ancestor()
    {
        var root = new Element("a", "");
        var child = root.AddElement("b", "");

        Assert.Throws<InvalidOperationException>(() => root.Add(root));
        Assert.Throws<InvalidOperationException>(() => child.Add((Node)root));
    }

    [Fact]
    public void Remove_node_detaches_it()
    {
        var a = new Element("a", "");
        var child = a.AddElement("c", "");

        Assert.True(a.RemoveNode(child));
        Assert.False(a.RemoveNode(child));
        Assert.Null(child.Parent);
        Assert.Empty(a.Nodes);
        new Element("b", "").Add(child);
    }

    [Fact]
    public void Clone_is_deep_and_detached()
    {
        var message = new Element("message", Ns.Client).SetAttribute("id", "1");
        message.AddElement("body", Ns.Client).AddText("hi");

        var copy = message.Clone();
        copy.SetAttribute("id", "2");
        copy.Child("body", Ns.Client)!.AddText("!");

        Assert.Null(copy.Parent);
        Assert.Equal("1", message.GetAttribute("id"));
        Assert.Equal("hi", message.Child("body", Ns.Client)!.Text);
        Assert.Equal("hi!", copy.Child("body", Ns.Client)!.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a:b")]
    [InlineData("1a")]
    [InlineData("a b")]
    [InlineData("a>")]
    [InlineData("lone-surrogate")]
    public void Invalid_element_names_are_rejected(string name)
    {
        // Attribute arguments cannot carry lone surrogates (they are stored as UTF-8), so build it here.
        name = name == "lone-surrogate" ? "a\ud800" : name;
        Assert.Throws<ArgumentException>(() => new Element(name, Ns.Client));
        Assert.Throws<ArgumentException>(() => new Element("a", "").SetAttribute(name, "v"));
    }

    [Theory]
    [InlineData("\0")]
    [InlineData("a\u0001")]
    [InlineData("\uffff")]
    [InlineData("high-surrogate")]
    [InlineData("low-surrogate")]
    public void Characters_xml_cannot_carry_are_rejected(string text)
    {
        text = text switch
        {
            "high-surrogate" => "a\ud800",
            "low-surrogate" => "x\udc00y",
            _ => text,
        };
        var element = new Element("a", "");

        Assert.Throws<ArgumentException>(() => element.AddText(text));
        Assert.Throws<ArgumentException>(() => element.SetAttribute("v", text));
        Assert.Throws<ArgumentException>(() => new TextNode(text));
        Assert.Throws<ArgumentException>(() => new Element("a", text));
    }

    [Fact]
    public void Namespace_declarations_cannot_be_set_as_attributes()
    {
        var element = new Element("a", "");

        Assert.Throws<ArgumentException>(() => element.SetAttribute("xmlns", "urn:x"));
        Assert.Throws<ArgumentException>(() => element.SetAttribute("p", Ns.Xmlns, "urn:x"));
        Assert.Throws<ArgumentException>(() => new Element("a", Ns.Xmlns));
    }

    [Fact]
    public void Stream_error_text_with_illegal_characters_is_sanitised()
    {
        var error = new StreamErrorException(StreamErrorCondition.BadFormat, "bad\0byte").ToElement();

        Assert.Equal("bad\uFFFDbyte", error.Child("text", Ns.StreamErrors)!.Text);
    }

    [Fact]
    public void Every_condition_has_an_element_name_that_parses_back()
    {
        foreach (var condition in Enum.GetValues<StreamErrorCondition>())
        {
            var name = condition.ToElementName();

            Assert.True(StreamErrorConditions.TryParse(name, out var parsed));
            Assert.Equal(condition, parsed);
        }

        Assert.Equal(25, Enum.GetValues<StreamErrorCondition>().Length);
        Assert.Equal("not-well-formed", StreamErrorCondition.NotWellFormed.ToElementName());
        Assert.Equal("unsupported-stanza-type", StreamErrorCondition.UnsupportedStanzaType.ToElementName());
    }
}
