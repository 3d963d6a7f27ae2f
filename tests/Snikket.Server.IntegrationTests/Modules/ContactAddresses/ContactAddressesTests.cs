using Snikket.Configuration;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Xmpp;

namespace Snikket.Server.IntegrationTests.Modules.ContactAddresses;

/// <summary>XEP-0157 contact addresses in the server's disco#info, from the configured email addresses.</summary>
public abstract class ContactAddressesTests(DatabaseKind database) : IAsyncLifetime
{
    private const string DiscoInfo = "http://jabber.org/protocol/disco#info";
    private const string DataForms = "jabber:x:data";

    private readonly List<TestServer> _servers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task All_three_addresses_are_published_as_mailto_uris()
    {
        var form = await ServerInfoFormAsync("admin@example.com", "abuse@example.com", "security@example.com");

        Assert.NotNull(form);
        Assert.Equal(["mailto:admin@example.com"], Values(form, "admin-addresses"));
        Assert.Equal(["mailto:abuse@example.com"], Values(form, "abuse-addresses"));
        Assert.Equal(["mailto:security@example.com"], Values(form, "security-addresses"));
    }

    [Fact]
    public async Task Without_abuse_and_security_addresses_only_the_admin_is_published()
    {
        var form = await ServerInfoFormAsync("admin@example.com", null, null);

        Assert.NotNull(form);
        var fields = form.Elements("field", DataForms).Select(f => f.GetAttribute("var")).ToList();
        Assert.Equal(["FORM_TYPE", "admin-addresses"], fields);
    }

    [Fact]
    public async Task Without_any_address_there_is_no_serverinfo_form()
    {
        var form = await ServerInfoFormAsync(null, null, null);

        Assert.Null(form);
    }

    private async Task<Element?> ServerInfoFormAsync(string? admin, string? abuse, string? security)
    {
        var server = await TestServer.StartAsync(database, configure: s => s with { AdminEmail = admin, AbuseEmail = abuse, SecurityEmail = security });
        _servers.Add(server);
        await server.CreateAccountAsync("alice", "alice password");
        await using var alice = await server.LoginAsync("alice", "alice password");
        var reply = await alice.QueryAsync($"<iq type='get' id='d1' to='localhost'><query xmlns='{DiscoInfo}'/></iq>", "d1");
        return reply.Child("query", DiscoInfo)!.Elements("x", DataForms).SingleOrDefault(x =>
            Values(x, "FORM_TYPE").SequenceEqual(["http://jabber.org/network/serverinfo"]));
    }

    private static List<string> Values(Element form, string var) =>
        [.. form.Elements("field", DataForms).Where(f => f.GetAttribute("var") == var).SelectMany(f => f.Elements("value", DataForms)).Select(v => v.Text)];
}

public sealed class ContactAddressesTestsOnSqlite() : ContactAddressesTests(DatabaseKind.Sqlite);

public sealed class ContactAddressesTestsOnPostgres() : ContactAddressesTests(DatabaseKind.PostgreSql);
