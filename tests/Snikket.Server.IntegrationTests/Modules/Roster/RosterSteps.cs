using System.Globalization;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Xmpp;

namespace Snikket.Server.IntegrationTests.Modules.Roster;

/// <summary>Roster and presence exchanges the roster, subscription and presence tests share.</summary>
internal static class RosterSteps
{
    public const string RosterNs = "jabber:iq:roster";

    /// <summary>Sends an IQ (raw XML whose id is <paramref name="id"/>) and returns its answer; anything else arriving first fails the test.</summary>
    public static async Task<Element> IqAsync(this TestClient client, string id, string xml)
    {
        await client.SendRawAsync(xml);
        var reply = await client.ReadElementAsync();
        Assert.True(reply.Name == "iq" && reply.GetAttribute("id") == id, $"expected the answer to {id}, got {reply}");
        return reply;
    }

    /// <summary>Fetches the roster (making this resource interested) and returns the result's query, or null for an empty result.</summary>
    public static async Task<Element?> GetRosterAsync(this TestClient client, string? ver = null)
    {
        var verAttribute = ver is null ? "" : $" ver='{ver}'";
        var reply = await client.IqAsync("get1", $"<iq type='get' id='get1'><query xmlns='jabber:iq:roster'{verAttribute}/></iq>");
        Assert.Equal("result", reply.GetAttribute("type"));
        return reply.Child("query", RosterNs);
    }

    /// <summary>Sends a roster set with the given item XML and returns the answer.</summary>
    public static Task<Element> SetRosterAsync(this TestClient client, string itemXml, string id = "set1") =>
        client.IqAsync(id, $"<iq type='set' id='{id}'><query xmlns='jabber:iq:roster'>{itemXml}</query></iq>");

    /// <summary>Reads the next element, which must be a roster push; answers it and returns its query.</summary>
    public static async Task<Element> ExpectPushAsync(this TestClient client)
    {
        var push = await client.ReadElementAsync();
        Assert.True(push.Name == "iq" && push.GetAttribute("type") == "set", $"expected a roster push, got {push}");
        Assert.Null(push.GetAttribute("from"));
        var query = push.Child("query", RosterNs);
        Assert.NotNull(query);
        await client.SendRawAsync($"<iq type='result' id='{push.GetAttribute("id")}'/>");
        return query;
    }

    /// <summary>The single item of a roster push or result with this JID.</summary>
    public static Element Item(this Element query, string jid) =>
        Assert.Single(query.Elements("item", RosterNs), i => i.GetAttribute("jid") == jid);

    public static long Version(this Element query) => long.Parse(query.GetAttribute("ver")!, CultureInfo.InvariantCulture);

    /// <summary>The defined condition of an error stanza, or null when it is no error.</summary>
    public static string? ErrorCondition(this Element stanza) =>
        stanza.GetAttribute("type") == "error"
            ? stanza.Child("error", Ns.Client)?.Elements().FirstOrDefault(e => e.Namespace == Ns.Stanzas && e.Name != "text")?.Name
            : null;

    /// <summary>
    /// A ping round trip: the server handles a client's stanzas in order, so when the answer arrives
    /// everything this client sent before has been fully processed. Returns what arrived before it.
    /// </summary>
    public static async Task<List<Element>> SyncAsync(this TestClient client)
    {
        await client.SendRawAsync("<iq type='get' id='sync' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        var before = new List<Element>();
        while (true)
        {
            var next = await client.ReadElementAsync();
            if (next.Name == "iq" && next.GetAttribute("id") == "sync")
            {
                return before;
            }

            before.Add(next);
        }
    }

    /// <summary>Proves a negative without sleeping: a ping sent now is answered before anything later, so it must be the next thing to arrive.</summary>
    public static async Task AssertNothingArrivesAsync(this TestClient client)
    {
        await client.SendRawAsync("<iq type='get' id='barrier' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        var next = await client.ReadElementAsync();
        Assert.True(next.GetAttribute("id") == "barrier", $"expected nothing, got {next}");
    }

    /// <summary>
    /// Completes <paramref name="user"/>'s subscription to <paramref name="contact"/>'s presence with
    /// subscribe and subscribed, and drains what both received.
    /// </summary>
    public static async Task SubscribeAsync(TestClient user, string userName, TestClient contact, string contactName)
    {
        await user.SendRawAsync($"<presence to='{contactName}@localhost' type='subscribe'/>");
        await user.SyncAsync();
        await contact.SyncAsync();
        await contact.SendRawAsync($"<presence to='{userName}@localhost' type='subscribed'/>");
        await contact.SyncAsync();
        await user.SyncAsync();
    }
}
