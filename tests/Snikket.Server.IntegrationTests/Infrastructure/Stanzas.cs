using Snikket.Xmpp;

namespace Snikket.Server.IntegrationTests.Infrastructure;

/// <summary>Small readers for stanzas the tests receive.</summary>
internal static class Stanzas
{
    /// <summary>The defined condition of an error stanza (e.g. <c>forbidden</c>), or null when the stanza is not an error.</summary>
    public static string? ErrorCondition(Element stanza) =>
        stanza.GetAttribute("type") == "error"
            ? stanza.Child("error", Ns.Client)?.Elements().FirstOrDefault(e => e.Namespace == Ns.Stanzas && e.Name != "text")?.Name
            : null;

    /// <summary>Sends an IQ (raw XML with the given id) and returns the IQ that answers it, skipping anything else.</summary>
    public static async Task<Element> QueryAsync(this TestClient client, string iqXml, string id)
    {
        await client.SendRawAsync(iqXml);
        while (true)
        {
            var element = await client.ReadUntilAsync("iq");
            if (element.GetAttribute("id") == id)
            {
                return element;
            }
        }
    }
}
