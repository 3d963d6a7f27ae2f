using Snikket.Server.Modules.Carbons;
using Snikket.Xmpp;

namespace Snikket.Server.Tests.Modules.Carbons;

/// <summary>XEP-0280 §6.1: the messages worth a carbon copy.</summary>
public sealed class CarbonRulesTests
{
    [Theory]
    [InlineData("<message type='chat'/>", "chat")]
    [InlineData("<message><body>hi</body></message>", "normal")]
    [InlineData("<message><received xmlns='urn:xmpp:receipts' id='x'/></message>", "normal")]
    [InlineData("<message><displayed xmlns='urn:xmpp:chat-markers:0' id='x'/></message>", "normal")]
    [InlineData("<message><x xmlns='jabber:x:conference' jid='room@muc.localhost'/></message>", "normal")]
    [InlineData("<message><x xmlns='http://jabber.org/protocol/muc#user'><invite from='a@localhost'/></x></message>", "normal")]
    public void An_instant_message_is_eligible(string xml, string type) =>
        Assert.True(CarbonRules.IsEligible(Parse(xml), type));

    [Theory]
    [InlineData("<message type='groupchat'><body>room talk</body></message>", "groupchat")]
    [InlineData("<message type='error'><body>bounced</body></message>", "error")]
    [InlineData("<message type='headline'><body>news</body></message>", "headline")]
    [InlineData("<message><event xmlns='http://jabber.org/protocol/pubsub#event'/></message>", "normal")]
    [InlineData("<message type='chat'><body>secret</body><private xmlns='urn:xmpp:carbons:2'/></message>", "chat")]
    [InlineData("<message type='chat'><body>secret</body><no-copy xmlns='urn:xmpp:hints'/></message>", "chat")]
    [InlineData("<message type='chat'><sent xmlns='urn:xmpp:carbons:2'/></message>", "chat")]
    public void Other_messages_are_not_eligible(string xml, string type) =>
        Assert.False(CarbonRules.IsEligible(Parse(xml), type));

    [Fact]
    public void A_private_message_from_a_room_occupant_is_recognised()
    {
        Assert.True(CarbonRules.IsPrivateFromRoom(Parse("<message type='chat'><body>psst</body><x xmlns='http://jabber.org/protocol/muc#user'/></message>")));
        Assert.False(CarbonRules.IsPrivateFromRoom(Parse("<message><x xmlns='http://jabber.org/protocol/muc#user'><invite/></x></message>")));
        Assert.False(CarbonRules.IsPrivateFromRoom(Parse("<message type='chat'><body>plain</body></message>")));
    }

    private static Element Parse(string xml)
    {
        var parser = new XmlStreamParser(XmlLimits.Default);
        var bytes = new System.Buffers.ReadOnlySequence<byte>(System.Text.Encoding.UTF8.GetBytes(
            "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>" + xml));
        Assert.True(parser.TryRead(ref bytes, out var header));
        Assert.Equal(StreamEventKind.Opened, header.Kind);
        Assert.True(parser.TryRead(ref bytes, out var element));
        return element.Element!;
    }
}
