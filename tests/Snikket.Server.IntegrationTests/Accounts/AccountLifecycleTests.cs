using Microsoft.Extensions.DependencyInjection;
using Snikket.Configuration;
using Snikket.Server.Accounts;
using Snikket.Server.IntegrationTests.Infrastructure;

namespace Snikket.Server.IntegrationTests.Accounts;

/// <summary>Roles, last-admin protection, locking and deletion with a grace period, with real logins.</summary>
public abstract class AccountLifecycleTests(DatabaseKind database) : IAsyncLifetime
{
    private const string Password = "a good long password";

    private TestServer _server = null!;

    private AccountStore Accounts => _server.Services.GetRequiredService<AccountStore>();

    private AccountLifecycle Lifecycle => _server.Services.GetRequiredService<AccountLifecycle>();

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(database);
        await _server.CreateAccountAsync("alice", Password);
        await _server.CreateAccountAsync("bob", Password);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task New_accounts_are_normal_users()
    {
        Assert.Equal(AccountRole.Normal, await Accounts.GetRoleAsync("alice", CancellationToken.None));
    }

    [Fact]
    public async Task A_role_change_is_stored()
    {
        Assert.Equal(AccountChange.Done, await Lifecycle.SetRoleAsync("alice", AccountRole.Limited, CancellationToken.None));

        Assert.Equal(AccountRole.Limited, (await Accounts.GetAsync("alice", CancellationToken.None))!.Role);
    }

    [Fact]
    public async Task A_role_change_of_a_missing_account_is_not_found()
    {
        Assert.Equal(AccountChange.NotFound, await Lifecycle.SetRoleAsync("nobody", AccountRole.Admin, CancellationToken.None));
    }

    [Fact]
    public async Task The_last_admin_cannot_be_demoted()
    {
        await Lifecycle.SetRoleAsync("alice", AccountRole.Admin, CancellationToken.None);

        Assert.Equal(AccountChange.LastAdmin, await Lifecycle.SetRoleAsync("alice", AccountRole.Normal, CancellationToken.None));

        Assert.Equal(AccountRole.Admin, await Accounts.GetRoleAsync("alice", CancellationToken.None));
    }

    [Fact]
    public async Task An_admin_can_be_demoted_while_another_remains()
    {
        await Lifecycle.SetRoleAsync("alice", AccountRole.Admin, CancellationToken.None);
        await Lifecycle.SetRoleAsync("bob", AccountRole.Admin, CancellationToken.None);

        Assert.Equal(AccountChange.Done, await Lifecycle.SetRoleAsync("alice", AccountRole.Normal, CancellationToken.None));
    }

    [Fact]
    public async Task A_locked_admin_does_not_count_as_the_remaining_admin()
    {
        await Lifecycle.SetRoleAsync("alice", AccountRole.Admin, CancellationToken.None);
        await Lifecycle.SetRoleAsync("bob", AccountRole.Admin, CancellationToken.None);
        await Lifecycle.LockAsync("bob", CancellationToken.None);

        Assert.Equal(AccountChange.LastAdmin, await Lifecycle.SetRoleAsync("alice", AccountRole.Normal, CancellationToken.None));
    }

    [Fact]
    public async Task Two_admins_demoting_each_other_at_once_leave_one_admin()
    {
        await Lifecycle.SetRoleAsync("alice", AccountRole.Admin, CancellationToken.None);
        await Lifecycle.SetRoleAsync("bob", AccountRole.Admin, CancellationToken.None);

        var results = await Task.WhenAll(
            Task.Run(() => Lifecycle.SetRoleAsync("alice", AccountRole.Normal, CancellationToken.None)),
            Task.Run(() => Lifecycle.SetRoleAsync("bob", AccountRole.Normal, CancellationToken.None)));

        Assert.Equal(1, await Accounts.CountActiveAdminsAsync(CancellationToken.None));
        Assert.Contains(AccountChange.LastAdmin, results);
    }

    [Fact]
    public async Task The_last_admin_cannot_be_locked_or_deleted()
    {
        await Lifecycle.SetRoleAsync("alice", AccountRole.Admin, CancellationToken.None);

        Assert.Equal(AccountChange.LastAdmin, await Lifecycle.LockAsync("alice", CancellationToken.None));
        Assert.Equal(AccountChange.LastAdmin, await Lifecycle.DeleteNowAsync("alice", CancellationToken.None));
        Assert.Equal(AccountChange.LastAdmin, await Lifecycle.RequestDeletionAsync("alice", CancellationToken.None));

        Assert.False((await Accounts.GetAsync("alice", CancellationToken.None))!.Disabled);
    }

    [Fact]
    public async Task A_locked_account_fails_sasl_with_account_disabled()
    {
        await Lifecycle.LockAsync("alice", CancellationToken.None);
        await using var client = await _server.ConnectAsync();
        await client.NegotiateTlsAsync();

        var outcome = await client.TryAuthenticateAsync("alice", Password);

        Assert.Equal("failure", outcome.Name);
        Assert.Equal("account-disabled", outcome.Elements().First().Name);
    }

    [Fact]
    public async Task A_locked_account_with_a_wrong_password_fails_as_not_authorized()
    {
        await Lifecycle.LockAsync("alice", CancellationToken.None);
        await using var client = await _server.ConnectAsync();
        await client.NegotiateTlsAsync();

        var outcome = await client.TryAuthenticateAsync("alice", "wrong password here", "PLAIN");

        Assert.Equal("not-authorized", outcome.Elements().First().Name);
    }

    [Fact]
    public async Task A_locked_account_fails_plain_with_account_disabled_too()
    {
        await Lifecycle.LockAsync("alice", CancellationToken.None);
        await using var client = await _server.ConnectAsync();
        await client.NegotiateTlsAsync();

        var outcome = await client.TryAuthenticateAsync("alice", Password, "PLAIN");

        Assert.Equal("account-disabled", outcome.Elements().First().Name);
    }

    [Fact]
    public async Task Locking_closes_the_accounts_live_sessions()
    {
        await using var alice = await _server.LoginAsync("alice", Password);

        await Lifecycle.LockAsync("alice", CancellationToken.None);

        await alice.ExpectStreamErrorAsync("policy-violation");
    }

    [Fact]
    public async Task An_unlocked_account_logs_in_again()
    {
        await Lifecycle.LockAsync("alice", CancellationToken.None);
        await Lifecycle.UnlockAsync("alice", CancellationToken.None);

        await using var alice = await _server.LoginAsync("alice", Password);

        Assert.NotNull(alice.Jid);
    }

    [Fact]
    public async Task A_requested_deletion_waits_out_the_grace_period_and_blocks_logins()
    {
        await Lifecycle.RequestDeletionAsync("alice", CancellationToken.None);

        Assert.Equal(0, await Lifecycle.PurgeDueAsync(CancellationToken.None));

        var info = await Accounts.GetAsync("alice", CancellationToken.None);
        Assert.Equal(Lifecycle.GracePeriod, info!.DeleteAfter!.Value - info.DeletionRequestedAt!.Value);
        await using var client = await _server.ConnectAsync();
        await client.NegotiateTlsAsync();
        Assert.Equal("account-disabled", (await client.TryAuthenticateAsync("alice", Password)).Elements().First().Name);
    }

    [Fact]
    public async Task A_restored_account_logs_in_and_is_not_purged()
    {
        await Lifecycle.RequestDeletionAsync("alice", CancellationToken.None);

        await Lifecycle.RestoreAsync("alice", CancellationToken.None);

        Assert.Null((await Accounts.GetAsync("alice", CancellationToken.None))!.DeleteAfter);
        await using var alice = await _server.LoginAsync("alice", Password);
    }

    [Fact]
    public async Task Deleting_now_removes_the_account_and_closes_its_sessions()
    {
        await using var alice = await _server.LoginAsync("alice", Password);

        Assert.Equal(AccountChange.Done, await Lifecycle.DeleteNowAsync("alice", CancellationToken.None));

        await alice.ExpectStreamErrorAsync("not-authorized");
        Assert.False(await Accounts.ExistsAsync("alice", CancellationToken.None));
    }
}

public sealed class AccountLifecycleTestsOnSqlite() : AccountLifecycleTests(DatabaseKind.Sqlite);

public sealed class AccountLifecycleTestsOnPostgres() : AccountLifecycleTests(DatabaseKind.PostgreSql);
