using Snikket.Server.Modules.Mam;
using Snikket.Server.Storage;

namespace Snikket.Server.Tests.Modules.Mam;

public sealed class ArchivableTests
{
    [Theory]
    [InlineData("chat", "<body>hi</body>", true)]
    [InlineData("normal", "<body>hi</body>", true)]
    [InlineData("headline", "<body>hi</body>", false)]
    [InlineData("groupchat", "<body>hi</body>", false)]
    [InlineData("error", "<body>hi</body>", false)]
    [InlineData("chat", "<active xmlns='http://jabber.org/protocol/chatstates'/>", false)]
    [InlineData("chat", "<received xmlns='urn:xmpp:receipts' id='1'/>", false)]
    [InlineData("chat", "<body>hi</body><no-store xmlns='urn:xmpp:hints'/>", false)]
    [InlineData("chat", "<body>hi</body><no-permanent-store xmlns='urn:xmpp:hints'/>", false)]
    [InlineData("chat", "<store xmlns='urn:xmpp:hints'/>", true)]
    [InlineData("chat", "<encrypted xmlns='eu.siacs.conversations.axolotl'/>", true)]
    [InlineData("chat", "<displayed xmlns='urn:xmpp:chat-markers:0' id='1'/>", true)]
    [InlineData("chat", "<propose xmlns='urn:xmpp:jingle-message:0' id='c'/>", true)]
    [InlineData("chat", "<body xmlns='urn:example'>not a body</body>", false)]
    public void Archiving_follows_the_content_rule(string type, string payload, bool archived)
    {
        var message = StoredStanza.Parse(System.Text.Encoding.UTF8.GetBytes($"<message xmlns='jabber:client' type='{type}'>{payload}</message>"));

        Assert.Equal(archived, Archivable.Message(message, type));
    }
}
