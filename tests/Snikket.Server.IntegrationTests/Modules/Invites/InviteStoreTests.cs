using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Snikket.Configuration;
using Snikket.Server.Accounts;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Server.Modules.Invites;
using Snikket.Server.Storage;

namespace Snikket.Server.IntegrationTests.Modules.Invites;

/// <summary>Invite storage and registration with invites: kinds, expiry, use limits, races, and bad tokens.</summary>
public abstract class InviteStoreTests(DatabaseKind database) : IAsyncLifetime
{
    private const string Password = "a good long password";

    private TestServer _server = null!;

    private InviteStore Invites => _server.Services.GetRequiredService<InviteStore>();

    private InviteRegistration Registration => _server.Services.GetRequiredService<InviteRegistration>();

    private AccountStore Accounts => _server.Services.GetRequiredService<AccountStore>();

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(database);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_new_invite_is_found_by_its_token_and_valid_for_seven_days()
    {
        var created = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Account }, CancellationToken.None);

        var found = await Invites.FindAsync(created.Token, CancellationToken.None);

        Assert.NotNull(found);
        Assert.Equal(created.Invite.Id, found.Id);
        Assert.Equal(TimeSpan.FromDays(7), found.Expires - found.Created);
    }

    [Fact]
    public async Task Tokens_carry_at_least_128_random_bits_and_only_their_hash_is_stored()
    {
        var created = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Account }, CancellationToken.None);

        Assert.True(System.Buffers.Text.Base64Url.DecodeFromChars(created.Token).Length * 8 >= 128);
        var stored = await Invites.GetAsync(created.Invite.Id, CancellationToken.None);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(created.Token)), stored!.TokenHash);
        Assert.DoesNotContain(created.Token, created.Invite.Id, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reset_invite_is_valid_for_a_day()
    {
        var created = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Reset, Username = "alice" }, CancellationToken.None);

        Assert.Equal(TimeSpan.FromDays(1), created.Invite.Expires - created.Invite.Created);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a token!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_forged_token_finds_nothing(string token)
    {
        await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Account }, CancellationToken.None);

        Assert.Null(await Invites.FindAsync(token, CancellationToken.None));
    }

    [Fact]
    public async Task An_oversize_token_finds_nothing()
    {
        Assert.Null(await Invites.FindAsync(new string('A', 100_000), CancellationToken.None));
    }

    [Fact]
    public async Task An_expired_invite_finds_nothing_and_registers_nobody()
    {
        var created = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Account }, CancellationToken.None);
        await ExpireAsync(created.Invite.Id);
        Assert.Null(await Invites.FindAsync(created.Token, CancellationToken.None));

        var result = await Registration.RegisterAsync(created.Token, "late", Password, CancellationToken.None);

        Assert.Equal(RegistrationOutcome.InvalidInvite, result.Outcome);
        Assert.False(await Accounts.ExistsAsync("late", CancellationToken.None));
    }

    [Fact]
    public async Task A_single_use_invite_creates_one_account_then_is_used_up()
    {
        var created = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Account }, CancellationToken.None);

        var first = await Registration.RegisterAsync(created.Token, "juliet", Password, CancellationToken.None);
        var second = await Registration.RegisterAsync(created.Token, "romeo", Password, CancellationToken.None);

        Assert.Equal(RegistrationOutcome.Created, first.Outcome);
        Assert.Equal(RegistrationOutcome.InvalidInvite, second.Outcome);
        Assert.False(await Accounts.ExistsAsync("romeo", CancellationToken.None));
    }

    [Fact]
    public async Task An_invite_carries_its_role_to_the_new_account()
    {
        var created = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Account, Role = AccountRole.Admin }, CancellationToken.None);

        await Registration.RegisterAsync(created.Token, "boss", Password, CancellationToken.None);

        Assert.Equal(AccountRole.Admin, await Accounts.GetRoleAsync("boss", CancellationToken.None));
    }

    [Fact]
    public async Task A_bound_invite_registers_only_its_username()
    {
        var created = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Account, Username = "juliet" }, CancellationToken.None);

        var wrong = await Registration.RegisterAsync(created.Token, "romeo", Password, CancellationToken.None);
        var right = await Registration.RegisterAsync(created.Token, "Juliet", Password, CancellationToken.None);

        Assert.Equal(RegistrationOutcome.UsernameNotAllowed, wrong.Outcome);
        Assert.Equal(RegistrationOutcome.Created, right.Outcome);
        Assert.Equal("juliet", right.Username);
    }

    [Fact]
    public async Task A_taken_username_leaves_the_invite_unused()
    {
        await _server.CreateAccountAsync("juliet", Password);
        var created = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Account }, CancellationToken.None);

        var taken = await Registration.RegisterAsync(created.Token, "juliet", Password, CancellationToken.None);

        Assert.Equal(RegistrationOutcome.UsernameTaken, taken.Outcome);
        Assert.Equal(0, (await Invites.GetAsync(created.Invite.Id, CancellationToken.None))!.Uses);
        Assert.NotNull(await Invites.FindAsync(created.Token, CancellationToken.None));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("123456789")]
    [InlineData("")]
    public async Task A_password_under_ten_characters_is_refused_with_the_reason(string password)
    {
        var created = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Account }, CancellationToken.None);

        var result = await Registration.RegisterAsync(created.Token, "juliet", password, CancellationToken.None);

        Assert.Equal(RegistrationOutcome.PasswordRejected, result.Outcome);
        Assert.Contains("at least 10 characters", result.Problem, StringComparison.Ordinal);
        Assert.False(await Accounts.ExistsAsync("juliet", CancellationToken.None));
    }

    [Theory]
    [InlineData("a@b")]
    [InlineData("a/b")]
    [InlineData("has space")]
    [InlineData("<script>")]
    public async Task An_invalid_username_is_refused(string username)
    {
        var created = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Account }, CancellationToken.None);

        var result = await Registration.RegisterAsync(created.Token, username, Password, CancellationToken.None);

        Assert.Equal(RegistrationOutcome.UsernameInvalid, result.Outcome);
        Assert.Empty(await Accounts.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_reusable_invite_stops_at_its_maximum_uses()
    {
        var created = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Group, MaxUses = 2 }, CancellationToken.None);

        var outcomes = new List<RegistrationOutcome>();
        foreach (var name in new[] { "a1", "a2", "a3" })
        {
            outcomes.Add((await Registration.RegisterAsync(created.Token, name, Password, CancellationToken.None)).Outcome);
        }

        Assert.Equal([RegistrationOutcome.Created, RegistrationOutcome.Created, RegistrationOutcome.InvalidInvite], outcomes);
    }

    [Fact]
    public async Task A_reusable_invite_without_a_maximum_keeps_working_until_it_expires()
    {
        var created = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Group }, CancellationToken.None);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(RegistrationOutcome.Created, (await Registration.RegisterAsync(created.Token, $"member{i}", Password, CancellationToken.None)).Outcome);
        }

        Assert.NotNull(await Invites.FindAsync(created.Token, CancellationToken.None));
    }

    [Fact]
    public async Task Fifty_concurrent_uses_of_a_single_use_invite_create_exactly_one_account()
    {
        var created = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Account }, CancellationToken.None);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Task.Run(() => Registration.RegisterAsync(created.Token, $"racer{i}", Password, CancellationToken.None))));

        Assert.Single(results, r => r.Outcome == RegistrationOutcome.Created);
        Assert.All(results.Where(r => r.Outcome != RegistrationOutcome.Created), r => Assert.Equal(RegistrationOutcome.InvalidInvite, r.Outcome));
        Assert.Single(await Accounts.ListAsync(CancellationToken.None));
        Assert.Equal(1, (await Invites.GetAsync(created.Invite.Id, CancellationToken.None))!.Uses);
    }

    [Fact]
    public async Task Thirty_concurrent_uses_of_a_three_use_invite_create_exactly_three_accounts()
    {
        var created = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Group, MaxUses = 3 }, CancellationToken.None);

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            Task.Run(() => Registration.RegisterAsync(created.Token, $"racer{i}", Password, CancellationToken.None))));

        Assert.Equal(3, results.Count(r => r.Outcome == RegistrationOutcome.Created));
        Assert.Equal(3, (await Accounts.ListAsync(CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_reset_invite_sets_a_new_password_once()
    {
        await _server.CreateAccountAsync("alice", "the old password");
        var created = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Reset, Username = "alice" }, CancellationToken.None);

        var reset = await Registration.RegisterAsync(created.Token, "alice", "the new password", CancellationToken.None);
        var again = await Registration.RegisterAsync(created.Token, "alice", "a third password", CancellationToken.None);

        Assert.Equal(RegistrationOutcome.PasswordReset, reset.Outcome);
        Assert.Equal(RegistrationOutcome.InvalidInvite, again.Outcome);
        var credential = await Accounts.GetCredentialAsync("alice", Snikket.Xmpp.Sasl.ScramHash.Sha256, CancellationToken.None);
        Assert.True(credential!.Verify("the new password"));
    }

    [Fact]
    public async Task A_reset_invite_cannot_reset_another_account()
    {
        await _server.CreateAccountAsync("alice", "the old password");
        await _server.CreateAccountAsync("bob", "bob's old password");
        var created = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Reset, Username = "alice" }, CancellationToken.None);

        var result = await Registration.RegisterAsync(created.Token, "bob", "the new password", CancellationToken.None);

        Assert.Equal(RegistrationOutcome.UsernameNotAllowed, result.Outcome);
        var credential = await Accounts.GetCredentialAsync("bob", Snikket.Xmpp.Sasl.ScramHash.Sha256, CancellationToken.None);
        Assert.True(credential!.Verify("bob's old password"));
    }

    [Fact]
    public async Task A_contact_invite_without_registration_creates_no_account()
    {
        await _server.CreateAccountAsync("romeo", Password);
        var created = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Contact, Creator = "romeo", AllowRegistration = false }, CancellationToken.None);

        var result = await Registration.RegisterAsync(created.Token, "juliet", Password, CancellationToken.None);

        Assert.Equal(RegistrationOutcome.NotAllowed, result.Outcome);
        Assert.Equal($"xmpp:romeo@localhost?roster;preauth={created.Token}", InviteLinks.XmppUri("localhost", created.Invite, created.Token));
    }

    [Fact]
    public async Task Links_follow_the_snikket_formats()
    {
        var account = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Account }, CancellationToken.None);
        var bound = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Account, Username = "juliet" }, CancellationToken.None);
        var contact = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Contact, Creator = "romeo" }, CancellationToken.None);

        Assert.Equal($"xmpp:localhost?register;preauth={account.Token}", InviteLinks.XmppUri("localhost", account.Invite, account.Token));
        Assert.Equal($"xmpp:juliet@localhost?register;preauth={bound.Token}", InviteLinks.XmppUri("localhost", bound.Invite, bound.Token));
        Assert.Equal($"xmpp:romeo@localhost?roster;preauth={contact.Token};ibr=y", InviteLinks.XmppUri("localhost", contact.Invite, contact.Token));
        Assert.Equal($"https://localhost/invite/{account.Token}/", InviteLinks.LandingUrl("localhost", account.Token));
    }

    [Fact]
    public async Task A_revoked_invite_finds_nothing()
    {
        var created = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Group }, CancellationToken.None);

        Assert.True(await Invites.RevokeAsync(created.Invite.Id, null, CancellationToken.None));

        Assert.Null(await Invites.FindAsync(created.Token, CancellationToken.None));
    }

    [Fact]
    public async Task A_user_cannot_revoke_someone_elses_invite()
    {
        var created = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Contact, Creator = "romeo" }, CancellationToken.None);

        Assert.False(await Invites.RevokeAsync(created.Invite.Id, "mallory", CancellationToken.None));

        Assert.NotNull(await Invites.FindAsync(created.Token, CancellationToken.None));
    }

    [Fact]
    public async Task Pending_lists_only_usable_invites_newest_first()
    {
        var used = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Account }, CancellationToken.None);
        await Registration.RegisterAsync(used.Token, "juliet", Password, CancellationToken.None);
        var open = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Group, Note = "family" }, CancellationToken.None);

        var pending = await Invites.ListPendingAsync(null, CancellationToken.None);

        Assert.Equal([open.Invite.Id], pending.Select(i => i.Id));
        Assert.Equal("family", pending[0].Note);
    }

    [Fact]
    public async Task Purging_removes_used_up_and_expired_invites_and_keeps_usable_ones()
    {
        var used = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Account }, CancellationToken.None);
        await Registration.RegisterAsync(used.Token, "juliet", Password, CancellationToken.None);
        var expired = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Group }, CancellationToken.None);
        await ExpireAsync(expired.Invite.Id);
        var open = await Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Account }, CancellationToken.None);

        Assert.Equal(2, await Invites.PurgeAsync(CancellationToken.None));

        Assert.Null(await Invites.GetAsync(used.Invite.Id, CancellationToken.None));
        Assert.Null(await Invites.GetAsync(expired.Invite.Id, CancellationToken.None));
        Assert.NotNull(await Invites.GetAsync(open.Invite.Id, CancellationToken.None));
    }

    [Theory]
    [InlineData("account", 2)]
    [InlineData("contact", 5)]
    [InlineData("group", 0)]
    public async Task Only_group_invites_take_several_uses(string kindText, int maxUses)
    {
        var kind = InviteKinds.FromText(kindText);
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Invites.CreateAsync(new InviteRequest { Kind = kind, Creator = "romeo", MaxUses = maxUses }, CancellationToken.None));
    }

    [Fact]
    public async Task An_oversize_note_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Invites.CreateAsync(new InviteRequest { Kind = InviteKind.Group, Note = new string('x', 501) }, CancellationToken.None));

        Assert.Empty(await Invites.ListPendingAsync(null, CancellationToken.None));
    }

    /// <summary>Moves the stored expiry a second into the past (the clock itself is the system's).</summary>
    private async Task ExpireAsync(string id)
    {
        var factory = _server.Services.GetRequiredService<IDbContextFactory<SnikketDb>>();
        await using var db = await factory.CreateDbContextAsync();
        var past = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1;
        await db.Set<Invite>().Where(i => i.Id == id).ExecuteUpdateAsync(set => set.SetProperty(i => i.ExpiresAt, past));
    }
}

public sealed class InviteStoreTestsOnSqlite() : InviteStoreTests(DatabaseKind.Sqlite);

public sealed class InviteStoreTestsOnPostgres() : InviteStoreTests(DatabaseKind.PostgreSql);
