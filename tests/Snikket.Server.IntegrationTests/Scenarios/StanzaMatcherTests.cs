using Snikket.Xmpp;

namespace Snikket.Server.IntegrationTests.Scenarios;

/// <summary>The tolerant expected-versus-received comparison of scenario receive steps.</summary>
public sealed class StanzaMatcherTests
{
    private readonly StanzaMatcher _matcher = new();

    [Fact]
    public void An_identical_stanza_matches()
    {
        var why = Match("<message to='a@localhost' type='chat'><body>hi</body></message>", "<message to='a@localhost' type='chat'><body>hi</body></message>");

        Assert.Null(why);
    }

    [Fact]
    public void Extra_attributes_on_the_received_stanza_are_allowed()
    {
        var why = Match("<message type='chat'/>", "<message type='chat' id='x1' from='b@localhost/r' xml:lang='en'/>");

        Assert.Null(why);
    }

    [Fact]
    public void Extra_children_on_the_received_stanza_are_allowed()
    {
        var why = Match("<message><body>hi</body></message>", "<message><thread>t</thread><body>hi</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>");

        Assert.Null(why);
    }

    [Fact]
    public void A_missing_attribute_is_rejected_and_named()
    {
        var why = Match("<iq type='result' from='localhost'/>", "<iq type='result'/>");

        Assert.Equal("/iq: attribute from is missing (expected 'localhost')", why);
    }

    [Fact]
    public void A_different_attribute_value_is_rejected()
    {
        var why = Match("<iq type='result'/>", "<iq type='error'/>");

        Assert.Equal("/iq: attribute type is 'error', expected 'result'", why);
    }

    [Fact]
    public void An_attribute_in_another_namespace_is_a_different_attribute()
    {
        var why = Match("<message xml:lang='en'/>", "<message lang='en'/>");

        Assert.Equal("/message: attribute xml:lang is missing (expected 'en')", why);
    }

    [Fact]
    public void Different_text_is_rejected_with_the_path()
    {
        var why = Match("<message><body>hi</body></message>", "<message><body>bye</body></message>");

        Assert.Equal("/message/body: text is 'bye', expected 'hi'", why);
    }

    [Fact]
    public void Text_is_compared_after_trimming()
    {
        var why = Match("<message><body>\n\t\thi\n\t</body></message>", "<message><body>hi</body></message>");

        Assert.Null(why);
    }

    [Fact]
    public void An_element_expected_without_text_accepts_any_text()
    {
        var why = Match("<iq><query xmlns='jabber:iq:version'><version/></query></iq>", "<iq><query xmlns='jabber:iq:version'><version>1.2</version></query></iq>");

        Assert.Null(why);
    }

    [Fact]
    public void A_missing_child_is_rejected()
    {
        var why = Match("<message><body>hi</body></message>", "<message><subject>hi</subject></message>");

        Assert.Equal("/message/body: missing (no <body xmlns='jabber:client'> among <subject xmlns='jabber:client'>)", why);
    }

    [Fact]
    public void A_different_element_name_is_rejected()
    {
        var why = Match("<message/>", "<presence/>");

        Assert.Equal("/message: expected <message xmlns='jabber:client'>, received <presence xmlns='jabber:client'>", why);
    }

    [Fact]
    public void A_different_namespace_of_the_stanza_is_rejected()
    {
        var why = _matcher.Match(Parse("<message/>"), new Element("message", "jabber:server"));

        Assert.Equal("/message: expected <message xmlns='jabber:client'>, received <message xmlns='jabber:server'>", why);
    }

    [Fact]
    public void A_child_in_a_different_namespace_is_missing()
    {
        var why = Match("<iq><ping xmlns='urn:xmpp:ping'/></iq>", "<iq><ping xmlns='urn:example:ping'/></iq>");

        Assert.Equal("/iq/ping: missing (no <ping xmlns='urn:xmpp:ping'> among <ping xmlns='urn:example:ping'>)", why);
    }

    [Fact]
    public void Children_match_in_any_order()
    {
        var why = Match("<query xmlns='q'><item n='2'/><item n='1'/></query>", "<query xmlns='q'><item n='1'/><item n='2'/><item n='3'/></query>");

        Assert.Null(why);
    }

    [Fact]
    public void Each_received_child_satisfies_one_expected_child_only()
    {
        var why = Match("<query xmlns='q'><item/><item/></query>", "<query xmlns='q'><item/></query>");

        Assert.Equal("/query/item: every candidate is already taken by another expected sibling (children match one-to-one)", why);
    }

    [Fact]
    public void A_general_expected_child_does_not_steal_the_only_fit_of_a_specific_one()
    {
        var why = Match("<query xmlns='q'><item/><item n='1'/></query>", "<query xmlns='q'><item n='1'/><item n='2'/></query>");

        Assert.Null(why);
    }

    [Fact]
    public void Any_matches_whatever_value_the_attribute_has()
    {
        var why = Match("<iq id='{scansion:any}' type='result'/>", "<iq id='5f3c' type='result'/>");

        Assert.Null(why);
    }

    [Fact]
    public void Any_still_requires_the_attribute_to_be_present()
    {
        var why = Match("<iq id='{scansion:any}'/>", "<iq/>");

        Assert.Equal("/iq: attribute id is missing (expected '{scansion:any}')", why);
    }

    [Fact]
    public void Any_as_text_matches_any_text()
    {
        var why = Match("<m><stamp>{scansion:any}</stamp></m>", "<m><stamp>2024-01-01T00:00:00Z</stamp></m>");

        Assert.Null(why);
    }

    [Fact]
    public void Strict_rejects_an_extra_child()
    {
        var why = Match("<iq><query xmlns='v' scansion:strict='true'><name/></query></iq>", "<iq><query xmlns='v'><name>x</name><os>Linux</os></query></iq>");

        Assert.Equal("/iq/query: 2 child elements, expected exactly 1 (scansion:strict): <name>, <os>", why);
    }

    [Fact]
    public void Strict_rejects_an_extra_attribute()
    {
        var why = Match("<iq scansion:strict='true' type='result'/>", "<iq type='result' id='1'/>");

        Assert.Equal("/iq: unexpected attribute id='1' (scansion:strict)", why);
    }

    [Fact]
    public void Strict_is_inherited_and_requires_empty_text_to_be_empty()
    {
        var why = Match("<iq scansion:strict='true'><name/></iq>", "<iq><name>x</name></iq>");

        Assert.Equal("/iq/name: text is 'x', expected ''", why);
    }

    [Fact]
    public void Strict_false_relaxes_a_descendant_of_a_strict_element()
    {
        var why = Match("<iq scansion:strict='true'><version scansion:strict='false'/></iq>", "<iq><version>1.0</version></iq>");

        Assert.Null(why);
    }

    [Fact]
    public void A_capture_takes_the_first_value_and_requires_it_afterwards()
    {
        Assert.Null(Match("<m id='{scansion:capture:first}'/>", "<m id='abc'/>"));

        var why = Match("<m id='{scansion:capture:first}'/>", "<m id='def'/>");

        Assert.Equal("/m: attribute id is 'def', expected 'abc' (captured as {scansion:capture:first})", why);
        Assert.Equal("abc", _matcher.Captures["first"]);
    }

    [Fact]
    public void A_stanza_that_does_not_match_captures_nothing()
    {
        Match("<m id='{scansion:capture:x}' type='chat'/>", "<m id='abc' type='normal'/>");

        Assert.Empty(_matcher.Captures);
    }

    [Fact]
    public void Several_stanzas_match_in_any_order()
    {
        var why = _matcher.MatchAll([Parse("<message id='1'/>"), Parse("<presence/>")], [Parse("<presence/>"), Parse("<message id='1'/>")]);

        Assert.Null(why);
    }

    [Fact]
    public void Several_stanzas_must_be_as_many_as_expected()
    {
        var why = _matcher.MatchAll([Parse("<message/>"), Parse("<presence/>")], [Parse("<message/>")]);

        Assert.Equal("expected 2 stanzas, received 1", why);
    }

    [Fact]
    public void A_stanza_from_the_servers_parser_is_compared_by_namespace_not_by_prefix()
    {
        var received = new Element("error", Ns.Streams).Add(new Element("policy-violation", Ns.StreamErrors));

        var why = _matcher.Match(Parse($"<stream:error xmlns:stream='{Ns.Streams}'><policy-violation xmlns='{Ns.StreamErrors}'/></stream:error>"), received);

        Assert.Null(why);
    }

    private string? Match(string expected, string received) => _matcher.Match(Parse(expected), Parse(received));

    private static Element Parse(string xml) => Assert.Single(ScenarioXml.Parse(xml));
}
