using Microsoft.Extensions.DependencyInjection;
using Snikket.Configuration;
using Snikket.Server.Accounts;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Xmpp;

namespace Snikket.Server.IntegrationTests.Modules.Register;

/// <summary>XEP-0077 after authentication: password change and cancellation (self-deletion with a grace period).</summary>
public abstract class RegisterTests(DatabaseKind database) : IAsyncLifetime
{
    private const string Password = "a good long password";

    private TestServer _server = null!;

    private AccountStore Accounts => _server.Services.GetRequiredService<AccountStore>();

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(database);
        await _server.CreateAccountAsync("alice", Password);
        await _server.CreateAccountAsync("bob", Password);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_user_changes_their_password_and_logs_in_with_the_new_one()
    {
        await using (var alice = await _server.LoginAsync("alice", Password))
        {
            await alice.SendRawAsync("<iq type='set' id='pw' to='localhost'><query xmlns='jabber:iq:register'><username>alice</username><password>a brand new password</password></query></iq>");
            Assert.Equal("result", (await alice.ReadElementAsync()).GetAttribute("type"));
        }

        await using var again = await _server.LoginAsync("alice", "a brand new password");
        Assert.NotNull(again.Jid);
    }

    [Fact]
    public async Task A_password_change_without_to_works_too()
    {
        await using var alice = await _server.LoginAsync("alice", Password);

        await alice.SendRawAsync("<iq type='set' id='pw'><query xmlns='jabber:iq:register'><username>alice</username><password>a brand new password</password></query></iq>");

        Assert.Equal("result", (await alice.ReadElementAsync()).GetAttribute("type"));
        Assert.True((await Accounts.GetCredentialAsync("alice", Snikket.Xmpp.Sasl.ScramHash.Sha256, CancellationToken.None))!.Verify("a brand new password"));
    }

    [Fact]
    public async Task A_short_new_password_is_not_acceptable_and_changes_nothing()
    {
        await using var alice = await _server.LoginAsync("alice", Password);

        await alice.SendRawAsync("<iq type='set' id='pw' to='localhost'><query xmlns='jabber:iq:register'><username>alice</username><password>short</password></query></iq>");
        var reply = await alice.ReadElementAsync();

        AssertError(reply, "not-acceptable");
        Assert.Contains("at least 10 characters", reply.Child("error", Ns.Client)!.Child("text", Ns.Stanzas)!.Text, StringComparison.Ordinal);
        Assert.True((await Accounts.GetCredentialAsync("alice", Snikket.Xmpp.Sasl.ScramHash.Sha256, CancellationToken.None))!.Verify(Password));
    }

    [Fact]
    public async Task An_empty_password_is_a_bad_request()
    {
        await using var alice = await _server.LoginAsync("alice", Password);

        await alice.SendRawAsync("<iq type='set' id='pw' to='localhost'><query xmlns='jabber:iq:register'><username>alice</username><password/></query></iq>");

        AssertError(await alice.ReadElementAsync(), "bad-request");
    }

    [Fact]
    public async Task Nobody_changes_another_users_password()
    {
        await using var alice = await _server.LoginAsync("alice", Password);

        await alice.SendRawAsync("<iq type='set' id='pw' to='localhost'><query xmlns='jabber:iq:register'><username>bob</username><password>alice owns bob now</password></query></iq>");

        AssertError(await alice.ReadElementAsync(), "not-allowed");
        Assert.True((await Accounts.GetCredentialAsync("bob", Snikket.Xmpp.Sasl.ScramHash.Sha256, CancellationToken.None))!.Verify(Password));
    }

    [Fact]
    public async Task A_registration_request_to_another_account_is_service_unavailable()
    {
        await using var alice = await _server.LoginAsync("alice", Password);

        await alice.SendRawAsync("<iq type='set' id='pw' to='bob@localhost'><query xmlns='jabber:iq:register'><remove/></query></iq>");

        AssertError(await alice.ReadElementAsync(), "service-unavailable");
        Assert.Null((await Accounts.GetAsync("bob", CancellationToken.None))!.DeleteAfter);
    }

    [Fact]
    public async Task A_registered_user_sees_their_username()
    {
        await using var alice = await _server.LoginAsync("alice", Password);

        await alice.SendRawAsync("<iq type='get' id='reg' to='localhost'><query xmlns='jabber:iq:register'/></iq>");
        var query = (await alice.ReadElementAsync()).Child("query", "jabber:iq:register")!;

        Assert.NotNull(query.Child("registered", "jabber:iq:register"));
        Assert.Equal("alice", query.Child("username", "jabber:iq:register")!.Text);
        Assert.Null(query.Child("password", "jabber:iq:register"));
    }

    [Fact]
    public async Task Cancelling_the_registration_answers_then_ends_every_session_and_blocks_logins()
    {
        await using var phone = await _server.LoginAsync("alice", Password, "phone");
        await using var laptop = await _server.LoginAsync("alice", Password, "laptop");

        await laptop.SendRawAsync("<iq type='set' id='bye'><query xmlns='jabber:iq:register'><remove/></query></iq>");

        Assert.Equal("result", (await laptop.ReadElementAsync()).GetAttribute("type"));
        await laptop.ExpectStreamErrorAsync("not-authorized");
        await phone.ExpectStreamErrorAsync("not-authorized");
        var info = await Accounts.GetAsync("alice", CancellationToken.None);
        Assert.NotNull(info!.DeleteAfter);
        await using var client = await _server.ConnectAsync();
        await client.NegotiateTlsAsync();
        Assert.Equal("account-disabled", (await client.TryAuthenticateAsync("alice", Password)).Elements().First().Name);
    }

    [Fact]
    public async Task A_remove_with_other_children_is_a_bad_request()
    {
        await using var alice = await _server.LoginAsync("alice", Password);

        await alice.SendRawAsync("<iq type='set' id='bye'><query xmlns='jabber:iq:register'><remove/><username>alice</username></query></iq>");

        AssertError(await alice.ReadElementAsync(), "bad-request");
        Assert.Null((await Accounts.GetAsync("alice", CancellationToken.None))!.DeleteAfter);
    }

    [Fact]
    public async Task The_only_admin_cannot_cancel_their_registration()
    {
        await _server.Services.GetRequiredService<AccountLifecycle>().SetRoleAsync("alice", AccountRole.Admin, CancellationToken.None);
        await using var alice = await _server.LoginAsync("alice", Password);

        await alice.SendRawAsync("<iq type='set' id='bye'><query xmlns='jabber:iq:register'><remove/></query></iq>");

        AssertError(await alice.ReadElementAsync(), "not-allowed");
        Assert.Null((await Accounts.GetAsync("alice", CancellationToken.None))!.DeleteAfter);
    }

    private static void AssertError(Element reply, string condition)
    {
        Assert.Equal("error", reply.GetAttribute("type"));
        Assert.NotNull(reply.Child("error", Ns.Client)!.Child(condition, Ns.Stanzas));
    }
}

public sealed class RegisterTestsOnSqlite() : RegisterTests(DatabaseKind.Sqlite);

public sealed class RegisterTestsOnPostgres() : RegisterTests(DatabaseKind.PostgreSql);
