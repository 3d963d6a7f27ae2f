using Snikket.Configuration;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Server.Modules.Caps;

namespace Snikket.Server.IntegrationTests.Modules.Caps;

/// <summary>XEP-0115 entity capabilities of the server: the stream feature and the caps node.</summary>
public abstract class CapsTests(DatabaseKind database) : IAsyncLifetime
{
    private const string Ns = "http://jabber.org/protocol/caps";
    private const string DiscoInfo = "http://jabber.org/protocol/disco#info";

    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        // With contact addresses, so the hash covers a XEP-0128 form too.
        _server = await TestServer.StartAsync(database, configure: s => s with { AdminEmail = "admin@example.com" });
        await _server.CreateAccountAsync("alice", "alice password");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_stream_features_after_authentication_carry_the_servers_caps()
    {
        await using var alice = await _server.ConnectAsync();
        await alice.NegotiateTlsAsync();
        await alice.AuthenticateAsync("alice", "alice password");

        var c = alice.Features!.Child("c", Ns);

        Assert.NotNull(c);
        Assert.Equal(("sha-1", "https://snikket.org"), (c.GetAttribute("hash"), c.GetAttribute("node")));
    }

    [Fact]
    public async Task The_ver_is_the_hash_of_what_disco_info_actually_says()
    {
        await using var alice = await LoginAsync();
        var ver = alice.Features!.Child("c", Ns)!.GetAttribute("ver");

        var reply = await alice.QueryAsync($"<iq type='get' id='d1' to='localhost'><query xmlns='{DiscoInfo}'/></iq>", "d1");

        Assert.Equal(CapsHash.Compute(reply.Child("query", DiscoInfo)!), ver);
    }

    [Fact]
    public async Task The_caps_node_answers_with_the_servers_info_and_names_the_node()
    {
        await using var alice = await LoginAsync();
        var c = alice.Features!.Child("c", Ns)!;
        var node = c.GetAttribute("node") + "#" + c.GetAttribute("ver");

        var reply = await alice.QueryAsync($"<iq type='get' id='d2' to='localhost'><query xmlns='{DiscoInfo}' node='{node}'/></iq>", "d2");

        var query = reply.Child("query", DiscoInfo)!;
        Assert.Equal(node, query.GetAttribute("node"));
        Assert.Equal(c.GetAttribute("ver"), CapsHash.Compute(query));
        Assert.Contains(Ns, query.Elements("feature", DiscoInfo).Select(f => f.GetAttribute("var")));
    }

    [Fact]
    public async Task A_caps_node_with_another_ver_is_item_not_found()
    {
        await using var alice = await LoginAsync();

        var reply = await alice.QueryAsync($"<iq type='get' id='d3' to='localhost'><query xmlns='{DiscoInfo}' node='https://snikket.org#QgayPKawpkPSDYmwT/WM94uAlu0='/></iq>", "d3");

        Assert.Equal("item-not-found", Stanzas.ErrorCondition(reply));
    }

    [Fact]
    public async Task Caps_are_not_offered_before_authentication()
    {
        await using var client = await _server.ConnectAsync();

        await client.NegotiateTlsAsync();

        Assert.Null(client.Features!.Child("c", Ns));
    }

    private async Task<TestClient> LoginAsync()
    {
        var client = await _server.ConnectAsync();
        await client.NegotiateTlsAsync();
        await client.AuthenticateAsync("alice", "alice password");
        await client.BindAsync();
        return client;
    }
}

public sealed class CapsTestsOnSqlite() : CapsTests(DatabaseKind.Sqlite);

public sealed class CapsTestsOnPostgres() : CapsTests(DatabaseKind.PostgreSql);
