using Microsoft.Extensions.DependencyInjection;
using Snikket.Configuration;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Server.Modules.Invites;
using Snikket.Xmpp;

namespace Snikket.Server.IntegrationTests.Modules.Invites;

/// <summary>
/// The XMPP side of invites over real sockets: the pre-auth stream features, XEP-0445 preauth,
/// invite-only XEP-0077 registration, XEP-0379 pre-approved subscriptions, and the limits on tokens
/// and pre-auth requests.
/// </summary>
public abstract class InviteFlowTests(DatabaseKind database) : IAsyncLifetime
{
    private const string Password = "a good long password";

    private TestServer _server = null!;

    private InviteStore Invites => _server.Services.GetRequiredService<InviteStore>();

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(database);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_encrypted_stream_offers_token_registration_before_authentication()
    {
        await using var client = await _server.ConnectAsync();

        await client.NegotiateTlsAsync();

        Assert.NotNull(client.Features!.Child("register", InvitesModule.IbrTokenNs));
        Assert.NotNull(client.Features.Child("register", InvitesModule.LegacyInviteNs));
        Assert.NotNull(client.Features.Child("register", InvitesModule.RegisterFeatureNs));
    }

    [Fact]
    public async Task A_plaintext_stream_offers_no_token_registration()
    {
        await using var server = await TestServer.StartAsync(database, o => o with { RequireEncryption = false });
        await using var client = await server.ConnectAsync();

        var features = await client.OpenStreamAsync();

        Assert.NotNull(features.Child("mechanisms", Ns.Sasl));
        Assert.Null(features.Child("register", InvitesModule.IbrTokenNs));
        Assert.Null(features.Child("register", InvitesModule.LegacyInviteNs));
        Assert.Null(features.Child("register", InvitesModule.RegisterFeatureNs));
    }

    [Fact]
    public async Task A_preauth_token_on_a_plaintext_stream_ends_the_stream_not_authorized()
    {
        await using var server = await TestServer.StartAsync(database, o => o with { RequireEncryption = false });
        var invite = await server.Services.GetRequiredService<InviteStore>().CreateAsync(new InviteRequest { Kind = InviteKind.Account }, CancellationToken.None);
        await using var client = await server.ConnectAsync();
        await client.OpenStreamAsync();

        await client.SendRawAsync($"<iq type='set' id='pre'><preauth xmlns='{InvitesModule.ParsNs}' token='{invite.Token}'/></iq>");

        await client.ExpectStreamErrorAsync("not-authorized");
    }

    [Fact]
    public async Task Registration_is_not_offered_after_authentication()
    {
        await _server.CreateAccountAsync("alice", Password);
        await using var client = await _server.ConnectAsync();
        await client.NegotiateTlsAsync();

        await client.AuthenticateAsync("alice", Password);

        Assert.Null(client.Features!.Child("register", InvitesModule.IbrTokenNs));
    }

    [Fact]
    public async Task A_client_registers_with_a_preauth_token_then_logs_in()
    {
        var invite = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Account }, CancellationToken.None);
        await using var client = await ConnectUnauthenticatedAsync();

        Assert.Equal("result", (await PreauthAsync(client, invite.Token)).GetAttribute("type"));
        Assert.Equal("result", (await RegisterAsync(client, "juliet", Password)).GetAttribute("type"));

        await client.AuthenticateAsync("juliet", Password);
        Assert.Equal("juliet@localhost", (await client.BindAsync()).Bare.ToString());
    }

    [Fact]
    public async Task The_registration_form_shows_the_username_a_bound_invite_fixes()
    {
        var invite = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Account, Username = "juliet" }, CancellationToken.None);
        await using var client = await ConnectUnauthenticatedAsync();
        await PreauthAsync(client, invite.Token);

        await client.SendRawAsync("<iq type='get' id='form'><query xmlns='jabber:iq:register'/></iq>");
        var form = await client.ReadElementAsync();

        Assert.Equal("result", form.GetAttribute("type"));
        Assert.Equal("juliet", form.Child("query", InvitesModule.RegisterNs)!.Child("username", InvitesModule.RegisterNs)!.Text);
        Assert.NotNull(form.Child("query", InvitesModule.RegisterNs)!.Child("password", InvitesModule.RegisterNs));
    }

    [Fact]
    public async Task A_token_inside_the_registration_works_too()
    {
        var invite = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Account }, CancellationToken.None);
        await using var client = await ConnectUnauthenticatedAsync();

        await client.SendRawAsync($"<iq type='set' id='reg'><query xmlns='jabber:iq:register'><username>juliet</username><password>{Password}</password><preauth xmlns='urn:xmpp:pars:0' token='{invite.Token}'/></query></iq>");

        Assert.Equal("result", (await client.ReadElementAsync()).GetAttribute("type"));
    }

    [Fact]
    public async Task Registration_without_an_invite_is_not_allowed_and_creates_nothing()
    {
        await using var client = await ConnectUnauthenticatedAsync();

        var reply = await RegisterAsync(client, "mallory", Password);

        AssertError(reply, "not-allowed");
        Assert.Contains("invitation", reply.Child("error", Ns.Client)!.Child("text", Ns.Stanzas)!.Text, StringComparison.Ordinal);
        Assert.False(await AccountExistsAsync("mallory"));
    }

    [Fact]
    public async Task A_forged_token_is_forbidden()
    {
        await using var client = await ConnectUnauthenticatedAsync();

        AssertError(await PreauthAsync(client, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), "forbidden");
        AssertError(await RegisterAsync(client, "mallory", Password), "not-allowed");
    }

    [Fact]
    public async Task A_used_token_is_forbidden_on_the_next_stream()
    {
        var invite = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Account }, CancellationToken.None);
        await using (var first = await ConnectUnauthenticatedAsync())
        {
            await PreauthAsync(first, invite.Token);
            await RegisterAsync(first, "juliet", Password);
        }

        await using var second = await ConnectUnauthenticatedAsync();

        AssertError(await PreauthAsync(second, invite.Token), "forbidden");
    }

    [Fact]
    public async Task A_token_validated_on_two_streams_registers_only_once()
    {
        var invite = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Account }, CancellationToken.None);
        await using var first = await ConnectUnauthenticatedAsync();
        await using var second = await ConnectUnauthenticatedAsync();
        await PreauthAsync(first, invite.Token);
        await PreauthAsync(second, invite.Token);

        Assert.Equal("result", (await RegisterAsync(first, "juliet", Password)).GetAttribute("type"));
        AssertError(await RegisterAsync(second, "romeo", Password), "forbidden");
        Assert.False(await AccountExistsAsync("romeo"));
    }

    [Fact]
    public async Task One_stream_registers_one_account()
    {
        var invite = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Group }, CancellationToken.None);
        await using var client = await ConnectUnauthenticatedAsync();
        await PreauthAsync(client, invite.Token);
        await RegisterAsync(client, "juliet", Password);

        AssertError(await RegisterAsync(client, "romeo", Password), "not-acceptable");
    }

    [Fact]
    public async Task A_taken_username_is_a_conflict_and_a_short_password_not_acceptable()
    {
        await _server.CreateAccountAsync("juliet", Password);
        var invite = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Account }, CancellationToken.None);
        await using var client = await ConnectUnauthenticatedAsync();
        await PreauthAsync(client, invite.Token);

        AssertError(await RegisterAsync(client, "juliet", Password), "conflict");
        var shortPassword = await RegisterAsync(client, "romeo", "short");
        AssertError(shortPassword, "not-acceptable");
        Assert.Contains("at least 10 characters", shortPassword.Child("error", Ns.Client)!.Child("text", Ns.Stanzas)!.Text, StringComparison.Ordinal);
        Assert.Equal("result", (await RegisterAsync(client, "romeo", Password)).GetAttribute("type"));
    }

    [Fact]
    public async Task Three_bad_tokens_end_the_stream_with_policy_violation()
    {
        await using var client = await ConnectUnauthenticatedAsync();
        AssertError(await PreauthAsync(client, "bad1"), "forbidden");
        AssertError(await PreauthAsync(client, "bad2"), "forbidden");

        await client.SendRawAsync("<iq type='set' id='p3'><preauth xmlns='urn:xmpp:pars:0' token='bad3'/></iq>");

        await client.ExpectStreamErrorAsync("policy-violation");
    }

    [Fact]
    public async Task Bad_tokens_from_one_address_over_many_connections_are_stopped()
    {
        for (var i = 0; i < 4; i++)
        {
            await using var guesser = await ConnectUnauthenticatedAsync();
            await guesser.SendRawAsync("<iq type='set' id='a'><preauth xmlns='urn:xmpp:pars:0' token='guess'/></iq><iq type='set' id='b'><preauth xmlns='urn:xmpp:pars:0' token='guess'/></iq><iq type='set' id='c'><preauth xmlns='urn:xmpp:pars:0' token='guess'/></iq>");
            await ExpectStreamErrorAfterRepliesAsync(guesser, "policy-violation");
        }

        var invite = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Account }, CancellationToken.None);
        await using var client = await ConnectUnauthenticatedAsync();

        // Even a good token: the address has used up its tries for now.
        await client.SendRawAsync($"<iq type='set' id='p'><preauth xmlns='urn:xmpp:pars:0' token='{invite.Token}'/></iq>");

        await client.ExpectStreamErrorAsync("policy-violation");
    }

    [Fact]
    public async Task Too_many_pre_auth_requests_end_the_stream()
    {
        await using var client = await ConnectUnauthenticatedAsync();
        for (var i = 0; i < 10; i++)
        {
            await client.SendRawAsync($"<iq type='get' id='f{i}'><query xmlns='jabber:iq:register'/></iq>");
            Assert.Equal("result", (await client.ReadElementAsync()).GetAttribute("type"));
        }

        await client.SendRawAsync("<iq type='get' id='f11'><query xmlns='jabber:iq:register'/></iq>");

        await client.ExpectStreamErrorAsync("policy-violation");
    }

    [Fact]
    public async Task An_oversize_pre_auth_request_ends_the_stream()
    {
        await using var client = await ConnectUnauthenticatedAsync();

        await client.SendRawAsync($"<iq type='set' id='big'><query xmlns='jabber:iq:register'><username>{new string('a', 9000)}</username></query></iq>");

        await client.ExpectStreamErrorAsync("policy-violation");
    }

    [Fact]
    public async Task Another_iq_before_authentication_still_ends_the_stream_with_not_authorized()
    {
        await using var client = await ConnectUnauthenticatedAsync();

        await client.SendRawAsync("<iq type='get' id='ping'><ping xmlns='urn:xmpp:ping'/></iq>");

        await client.ExpectStreamErrorAsync("not-authorized");
    }

    [Fact]
    public async Task A_registration_iq_to_another_server_is_not_taken_before_authentication()
    {
        await using var client = await ConnectUnauthenticatedAsync();

        await client.SendRawAsync("<iq type='get' id='reg' to='example.org'><query xmlns='jabber:iq:register'/></iq>");

        await client.ExpectStreamErrorAsync("not-authorized");
    }

    [Fact]
    public async Task A_contact_invite_registration_makes_the_inviter_and_invitee_mutual_contacts()
    {
        await _server.CreateAccountAsync("romeo", Password);
        await using var romeo = await _server.LoginAsync("romeo", Password, "garden");
        await RosterAsync(romeo);
        var invite = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Contact, Creator = "romeo" }, CancellationToken.None);
        await using var client = await ConnectUnauthenticatedAsync();
        await PreauthAsync(client, invite.Token);

        await RegisterAsync(client, "juliet", Password);

        var push = await romeo.ReadUntilAsync("iq");
        var item = push.Child("query", "jabber:iq:roster")!.Child("item", "jabber:iq:roster")!;
        Assert.Equal("juliet@localhost", item.GetAttribute("jid"));
        Assert.Equal("both", item.GetAttribute("subscription"));
        await client.AuthenticateAsync("juliet", Password);
        await client.BindAsync();
        var julietsRoster = await RosterAsync(client);
        Assert.Equal("both", julietsRoster.Single(i => i.GetAttribute("jid") == "romeo@localhost").GetAttribute("subscription"));
    }

    [Fact]
    public async Task A_contact_token_in_a_subscription_request_is_approved_at_once_and_made_mutual()
    {
        await _server.CreateAccountAsync("romeo", Password);
        await _server.CreateAccountAsync("juliet", Password);
        await using var romeo = await _server.LoginAsync("romeo", Password, "garden");
        await RosterAsync(romeo);
        await using var juliet = await _server.LoginAsync("juliet", Password, "balcony");
        await RosterAsync(juliet);
        var invite = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Contact, Creator = "romeo", AllowRegistration = false }, CancellationToken.None);

        await juliet.SendRawAsync($"<presence to='romeo@localhost' type='subscribe'><preauth xmlns='urn:xmpp:pars:0' token='{invite.Token}'/></presence>");

        var pushToJuliet = await juliet.ReadUntilAsync("iq");
        Assert.Equal("both", RosterItem(pushToJuliet).GetAttribute("subscription"));
        var pushToRomeo = await romeo.ReadUntilAsync("iq");
        Assert.Equal("juliet@localhost", RosterItem(pushToRomeo).GetAttribute("jid"));
        Assert.Equal("both", RosterItem(pushToRomeo).GetAttribute("subscription"));
        Assert.Null(await Invites.FindAsync(invite.Token, CancellationToken.None));
    }

    [Fact]
    public async Task A_subscription_request_with_a_foreign_token_is_an_ordinary_request()
    {
        await _server.CreateAccountAsync("romeo", Password);
        await _server.CreateAccountAsync("juliet", Password);
        await _server.CreateAccountAsync("tybalt", Password);
        await using var romeo = await _server.LoginAsync("romeo", Password, "garden");
        await romeo.BecomeAvailableAsync();
        await using var juliet = await _server.LoginAsync("juliet", Password, "balcony");
        var tybalts = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Contact, Creator = "tybalt" }, CancellationToken.None);

        await juliet.SendRawAsync($"<presence to='romeo@localhost' type='subscribe'><preauth xmlns='urn:xmpp:pars:0' token='{tybalts.Token}'/></presence>");

        var request = await romeo.ReadUntilAsync("presence");
        Assert.Equal("subscribe", request.GetAttribute("type"));
        Assert.Equal("juliet@localhost", request.GetAttribute("from"));
        Assert.NotNull(await Invites.FindAsync(tybalts.Token, CancellationToken.None));
    }

    private async Task<TestClient> ConnectUnauthenticatedAsync()
    {
        var client = await _server.ConnectAsync();
        await client.NegotiateTlsAsync();
        return client;
    }

    private static async Task<Element> PreauthAsync(TestClient client, string token)
    {
        await client.SendRawAsync($"<iq type='set' id='preauth'><preauth xmlns='urn:xmpp:pars:0' token='{token}'/></iq>");
        return await client.ReadElementAsync();
    }

    private static async Task<Element> RegisterAsync(TestClient client, string username, string password)
    {
        await client.SendRawAsync($"<iq type='set' id='reg'><query xmlns='jabber:iq:register'><username>{username}</username><password>{password}</password></query></iq>");
        return await client.ReadElementAsync();
    }

    private static async Task<List<Element>> RosterAsync(TestClient client)
    {
        await client.SendRawAsync("<iq type='get' id='roster'><query xmlns='jabber:iq:roster'/></iq>");
        while (true)
        {
            var reply = await client.ReadUntilAsync("iq");
            if (reply.GetAttribute("id") == "roster")
            {
                return [.. reply.Child("query", "jabber:iq:roster")!.Elements("item", "jabber:iq:roster")];
            }
        }
    }

    /// <summary>Skips IQ replies until the stream error arrives.</summary>
    private static async Task ExpectStreamErrorAfterRepliesAsync(TestClient client, string condition)
    {
        var element = await client.ReadElementAsync();
        while (element.Name == "iq")
        {
            element = await client.ReadElementAsync();
        }

        Assert.Equal(Ns.Streams, element.Namespace);
        Assert.Equal(condition, element.Elements().First().Name);
    }

    private static Element RosterItem(Element push) => push.Child("query", "jabber:iq:roster")!.Child("item", "jabber:iq:roster")!;

    private Task<bool> AccountExistsAsync(string username) =>
        _server.Services.GetRequiredService<Snikket.Server.Accounts.AccountStore>().ExistsAsync(username, CancellationToken.None);

    private static void AssertError(Element reply, string condition)
    {
        Assert.Equal("error", reply.GetAttribute("type"));
        Assert.NotNull(reply.Child("error", Ns.Client)!.Child(condition, Ns.Stanzas));
    }
}

public sealed class InviteFlowTestsOnSqlite() : InviteFlowTests(DatabaseKind.Sqlite);

public sealed class InviteFlowTestsOnPostgres() : InviteFlowTests(DatabaseKind.PostgreSql);
