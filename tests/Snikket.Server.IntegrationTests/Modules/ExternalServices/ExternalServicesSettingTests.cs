using Snikket.Configuration;
using Snikket.Server.IntegrationTests.Infrastructure;

namespace Snikket.Server.IntegrationTests.Modules.ExternalServices;

/// <summary>
/// <c>SNIKKET_TWEAK_TURNSERVER</c>: another host, or <c>0</c> for none (<c>snikket run</c>, where no
/// coturn runs). Only what the module is told changes, not storage, so SQLite alone is enough.
/// </summary>
public sealed class ExternalServicesSettingTests
{
    private const string Ns = "urn:xmpp:extdisco:2";

    [Fact]
    public async Task With_no_turn_server_nothing_is_advertised_and_the_query_is_unsupported()
    {
        await using var server = await TestServer.StartAsync(DatabaseKind.Sqlite, configure: s => s with { Turn = s.Turn with { Advertised = false } });
        await server.CreateAccountAsync("alice", "alice password");
        await using var alice = await server.LoginAsync("alice", "alice password", "phone");

        var info = await alice.QueryAsync("<iq type='get' id='d1' to='localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>", "d1");
        var services = await alice.QueryAsync("<iq type='get' id='s1' to='localhost'><services xmlns='urn:xmpp:extdisco:2'/></iq>", "s1");

        var features = info.Child("query", "http://jabber.org/protocol/disco#info")!
            .Elements("feature", "http://jabber.org/protocol/disco#info").Select(f => f.GetAttribute("var"));
        Assert.DoesNotContain(Ns, features);
        Assert.Equal("service-unavailable", Stanzas.ErrorCondition(services));
    }

    [Fact]
    public async Task Another_turn_host_is_the_one_clients_are_given()
    {
        await using var server = await TestServer.StartAsync(DatabaseKind.Sqlite, configure: s => s with { Turn = s.Turn with { Host = "turn.example.net" } });
        await server.CreateAccountAsync("alice", "alice password");
        await using var alice = await server.LoginAsync("alice", "alice password", "phone");

        var reply = await alice.QueryAsync("<iq type='get' id='s2' to='localhost'><services xmlns='urn:xmpp:extdisco:2' type='turn'/></iq>", "s2");

        var hosts = reply.Child("services", Ns)!.Elements("service", Ns).Select(s => s.GetAttribute("host")).Distinct();
        Assert.Equal(["turn.example.net"], hosts);
    }
}
