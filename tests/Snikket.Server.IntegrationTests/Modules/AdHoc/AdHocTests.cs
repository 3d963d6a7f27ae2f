using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Snikket.Configuration;
using Snikket.Server.Accounts;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Server.Modules.Invites;
using Snikket.Xmpp;

namespace Snikket.Server.IntegrationTests.Modules.AdHoc;

/// <summary>XEP-0050 commands over real sockets: listing by role, the XEP-0401 invite commands, sessions and errors.</summary>
public abstract class AdHocTests(DatabaseKind database) : IAsyncLifetime
{
    private const string Password = "a good long password";
    private const string CommandsNs = "http://jabber.org/protocol/commands";
    private const string DataNs = "jabber:x:data";

    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(database);
        await _server.CreateAccountAsync("admin", Password);
        await _server.CreateAccountAsync("romeo", Password);
        await _server.CreateAccountAsync("guest", Password);
        var lifecycle = _server.Services.GetRequiredService<AccountLifecycle>();
        await lifecycle.SetRoleAsync("admin", AccountRole.Admin, CancellationToken.None);
        await lifecycle.SetRoleAsync("guest", AccountRole.Limited, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("admin", "urn:xmpp:invite#create-account urn:xmpp:invite#invite")]
    [InlineData("romeo", "urn:xmpp:invite#invite")]
    [InlineData("guest", "")]
    public async Task The_command_list_shows_what_the_role_may_run(string user, string expected)
    {
        await using var client = await _server.LoginAsync(user, Password);

        await client.SendRawAsync($"<iq type='get' id='list' to='localhost'><query xmlns='http://jabber.org/protocol/disco#items' node='{CommandsNs}'/></iq>");
        var reply = await client.ReadElementAsync();

        var nodes = reply.Child("query", "http://jabber.org/protocol/disco#items")!.Elements().Select(i => i.GetAttribute("node"));
        Assert.Equal(expected, string.Join(' ', nodes));
    }

    [Fact]
    public async Task The_server_announces_ad_hoc_commands()
    {
        await using var client = await _server.LoginAsync("romeo", Password);

        await client.SendRawAsync("<iq type='get' id='info' to='localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
        var reply = await client.ReadElementAsync();

        Assert.Contains(reply.Child("query", "http://jabber.org/protocol/disco#info")!.Elements(), f => f.GetAttribute("var") == CommandsNs);
    }

    [Fact]
    public async Task A_user_gets_a_contact_invite_link_at_once()
    {
        await using var client = await _server.LoginAsync("romeo", Password);

        var reply = await ExecuteAsync(client, "urn:xmpp:invite#invite");

        var command = reply.Child("command", CommandsNs)!;
        Assert.Equal("completed", command.GetAttribute("status"));
        var form = command.Child("x", DataNs)!;
        Assert.Equal("urn:xmpp:invite#invitation", Field(form, "FORM_TYPE"));
        var uri = Field(form, "uri")!;
        Assert.StartsWith("xmpp:romeo@localhost?roster;preauth=", uri, StringComparison.Ordinal);
        Assert.EndsWith(";ibr=y", uri, StringComparison.Ordinal);
        var token = uri.Split("preauth=")[1].Split(';')[0];
        Assert.Equal($"https://localhost/invite/{token}/", Field(form, "landing-url"));
        var expire = DateTimeOffset.Parse(Field(form, "expire")!, CultureInfo.InvariantCulture);
        Assert.InRange(expire - DateTimeOffset.UtcNow, TimeSpan.FromDays(6.9), TimeSpan.FromDays(7.1));
        var invite = await _server.Services.GetRequiredService<InviteStore>().FindAsync(token, CancellationToken.None);
        Assert.Equal(InviteKind.Contact, invite!.Kind);
        Assert.Equal("romeo", invite.Creator);
    }

    [Fact]
    public async Task A_limited_user_may_not_create_invites()
    {
        await using var client = await _server.LoginAsync("guest", Password);

        var reply = await ExecuteAsync(client, "urn:xmpp:invite#invite");

        AssertError(reply, "forbidden");
        Assert.Empty(await _server.Services.GetRequiredService<InviteStore>().ListPendingAsync(null, CancellationToken.None));
    }

    [Fact]
    public async Task With_user_invites_turned_off_a_normal_user_may_not_invite()
    {
        await using var server = await TestServer.StartAsync(database, configure: s => s with { UserInvites = false });
        await server.CreateAccountAsync("romeo", Password);
        await using var client = await server.LoginAsync("romeo", Password);

        var reply = await ExecuteAsync(client, "urn:xmpp:invite#invite");

        AssertError(reply, "forbidden");
        Assert.Empty(await server.Services.GetRequiredService<InviteStore>().ListPendingAsync(null, CancellationToken.None));
    }

    [Fact]
    public async Task With_user_invites_turned_off_an_admin_still_may_invite()
    {
        await using var server = await TestServer.StartAsync(database, configure: s => s with { UserInvites = false });
        await server.Services.GetRequiredService<AccountStore>().CreateAsync("chief", Password, 4096, AccountRole.Admin, null, CancellationToken.None);
        await using var client = await server.LoginAsync("chief", Password);

        var reply = await ExecuteAsync(client, "urn:xmpp:invite#invite");

        Assert.Equal("completed", reply.Child("command", CommandsNs)!.GetAttribute("status"));
    }

    [Fact]
    public async Task A_normal_user_may_not_create_account_invites()
    {
        await using var client = await _server.LoginAsync("romeo", Password);

        AssertError(await ExecuteAsync(client, "urn:xmpp:invite#create-account"), "forbidden");
    }

    [Fact]
    public async Task An_admin_creates_an_account_invite_in_two_steps()
    {
        await using var client = await _server.LoginAsync("admin", Password);
        var first = (await ExecuteAsync(client, "urn:xmpp:invite#create-account")).Child("command", CommandsNs)!;
        Assert.Equal("executing", first.GetAttribute("status"));
        Assert.Contains(first.Child("x", DataNs)!.Elements("field", DataNs), f => f.GetAttribute("var") == "username");
        var session = first.GetAttribute("sessionid");

        await client.SendRawAsync(
            $"<iq type='set' id='step2' to='localhost'><command xmlns='{CommandsNs}' node='urn:xmpp:invite#create-account' sessionid='{session}' action='complete'>"
            + "<x xmlns='jabber:x:data' type='submit'><field var='username'><value>Juliet</value></field><field var='roster-subscription'><value>1</value></field><field var='role'><value>limited</value></field></x></command></iq>");
        var done = (await client.ReadElementAsync()).Child("command", CommandsNs)!;

        Assert.Equal("completed", done.GetAttribute("status"));
        var uri = Field(done.Child("x", DataNs)!, "uri")!;
        Assert.StartsWith("xmpp:juliet@localhost?register;preauth=", uri, StringComparison.Ordinal);
        var invite = await _server.Services.GetRequiredService<InviteStore>().FindAsync(uri.Split("preauth=")[1], CancellationToken.None);
        Assert.Equal(("juliet", AccountRole.Limited, true), (invite!.Username, invite.Role, invite.LinkCreator));
    }

    [Fact]
    public async Task A_bad_username_in_the_form_is_not_acceptable()
    {
        await using var client = await _server.LoginAsync("admin", Password);
        var session = (await ExecuteAsync(client, "urn:xmpp:invite#create-account")).Child("command", CommandsNs)!.GetAttribute("sessionid");

        await client.SendRawAsync(
            $"<iq type='set' id='step2' to='localhost'><command xmlns='{CommandsNs}' node='urn:xmpp:invite#create-account' sessionid='{session}'>"
            + "<x xmlns='jabber:x:data' type='submit'><field var='username'><value>a@b/c</value></field></x></command></iq>");

        AssertError(await client.ReadElementAsync(), "not-acceptable");
    }

    [Fact]
    public async Task An_unknown_session_is_a_bad_request_with_bad_sessionid()
    {
        await using var client = await _server.LoginAsync("admin", Password);

        await client.SendRawAsync($"<iq type='set' id='x' to='localhost'><command xmlns='{CommandsNs}' node='urn:xmpp:invite#create-account' sessionid='forged'/></iq>");
        var reply = await client.ReadElementAsync();

        AssertError(reply, "bad-request");
        Assert.NotNull(reply.Child("error", Ns.Client)!.Child("bad-sessionid", CommandsNs));
    }

    [Fact]
    public async Task Another_users_session_is_not_usable()
    {
        await _server.Services.GetRequiredService<AccountLifecycle>().SetRoleAsync("romeo", AccountRole.Admin, CancellationToken.None);
        await using var admin = await _server.LoginAsync("admin", Password);
        await using var romeo = await _server.LoginAsync("romeo", Password);
        var session = (await ExecuteAsync(admin, "urn:xmpp:invite#create-account")).Child("command", CommandsNs)!.GetAttribute("sessionid");

        await romeo.SendRawAsync($"<iq type='set' id='x' to='localhost'><command xmlns='{CommandsNs}' node='urn:xmpp:invite#create-account' sessionid='{session}'/></iq>");

        AssertError(await romeo.ReadElementAsync(), "bad-request");
    }

    [Fact]
    public async Task A_canceled_command_creates_nothing()
    {
        await using var client = await _server.LoginAsync("admin", Password);
        var session = (await ExecuteAsync(client, "urn:xmpp:invite#create-account")).Child("command", CommandsNs)!.GetAttribute("sessionid");

        await client.SendRawAsync($"<iq type='set' id='c' to='localhost'><command xmlns='{CommandsNs}' node='urn:xmpp:invite#create-account' sessionid='{session}' action='cancel'/></iq>");

        Assert.Equal("canceled", (await client.ReadElementAsync()).Child("command", CommandsNs)!.GetAttribute("status"));
        Assert.Empty(await _server.Services.GetRequiredService<InviteStore>().ListPendingAsync(null, CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_command_is_item_not_found()
    {
        await using var client = await _server.LoginAsync("admin", Password);

        AssertError(await ExecuteAsync(client, "urn:example:nothing"), "item-not-found");
    }

    private static async Task<Element> ExecuteAsync(TestClient client, string node)
    {
        await client.SendRawAsync($"<iq type='set' id='exec' to='localhost'><command xmlns='{CommandsNs}' node='{node}' action='execute'/></iq>");
        return await client.ReadElementAsync();
    }

    private static string? Field(Element form, string var) =>
        form.Elements("field", DataNs).FirstOrDefault(f => f.GetAttribute("var") == var)?.Child("value", DataNs)?.Text;

    private static void AssertError(Element reply, string condition)
    {
        Assert.Equal("error", reply.GetAttribute("type"));
        Assert.NotNull(reply.Child("error", Ns.Client)!.Child(condition, Ns.Stanzas));
    }
}

public sealed class AdHocTestsOnSqlite() : AdHocTests(DatabaseKind.Sqlite);

public sealed class AdHocTestsOnPostgres() : AdHocTests(DatabaseKind.PostgreSql);
