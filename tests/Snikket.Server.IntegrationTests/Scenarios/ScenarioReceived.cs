using Snikket.Xmpp;

namespace Snikket.Server.IntegrationTests.Scenarios;

/// <summary>What a scenario client got from the server: a stanza, or the end of its stream or connection.</summary>
/// <param name="Stanza">The element, or <see langword="null"/> when the stream or connection ended.</param>
/// <param name="Description">For an ending, what happened (for messages).</param>
internal sealed record ScenarioReceived(Element? Stanza, string Description)
{
    public static ScenarioReceived Of(Element stanza) => new(stanza, "a stanza");

    public override string ToString() => Stanza is null ? Description : StanzaWriter.ToXml(Stanza, Ns.Client);
}
