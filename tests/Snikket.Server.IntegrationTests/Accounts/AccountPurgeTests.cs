using Microsoft.Extensions.DependencyInjection;
using Snikket.Configuration;
using Snikket.Server.Accounts;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Server.Modules.Invites;
using Snikket.Server.Routing;

namespace Snikket.Server.IntegrationTests.Accounts;

/// <summary>The end of a deletion's grace period, on a server whose grace period is zero (SNIKKET_RETENTION_DAYS=0).</summary>
public abstract class AccountPurgeTests(DatabaseKind database) : IAsyncLifetime
{
    private TestServer _server = null!;

    private AccountLifecycle Lifecycle => _server.Services.GetRequiredService<AccountLifecycle>();

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(database, configure: s => s with { Retention = TimeSpan.Zero });
        await _server.CreateAccountAsync("alice", "a good long password");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_periodic_work_deletes_an_account_whose_grace_period_is_over()
    {
        await Lifecycle.RequestDeletionAsync("alice", CancellationToken.None);
        var purge = _server.Services.GetRequiredService<HandlerTable>().Periodic.Single(p => p.Owner == "RegisterModule");

        await purge.Work(CancellationToken.None);

        Assert.False(await _server.Services.GetRequiredService<AccountStore>().ExistsAsync("alice", CancellationToken.None));
    }

    [Fact]
    public async Task A_purged_account_is_announced_to_the_modules()
    {
        var invites = _server.Services.GetRequiredService<InviteStore>();
        var contact = await invites.CreateAsync(new InviteRequest { Kind = InviteKind.Contact, Creator = "alice" }, CancellationToken.None);
        await Lifecycle.RequestDeletionAsync("alice", CancellationToken.None);

        Assert.Equal(1, await Lifecycle.PurgeDueAsync(CancellationToken.None));

        // The invites module heard AccountDeleted: alice's contact invite would link to nobody.
        Assert.Null(await invites.GetAsync(contact.Invite.Id, CancellationToken.None));
    }

    [Fact]
    public async Task An_account_restored_before_the_purge_stays()
    {
        await Lifecycle.RequestDeletionAsync("alice", CancellationToken.None);
        await Lifecycle.RestoreAsync("alice", CancellationToken.None);

        Assert.Equal(0, await Lifecycle.PurgeDueAsync(CancellationToken.None));

        Assert.True(await _server.Services.GetRequiredService<AccountStore>().ExistsAsync("alice", CancellationToken.None));
    }
}

public sealed class AccountPurgeTestsOnSqlite() : AccountPurgeTests(DatabaseKind.Sqlite);

public sealed class AccountPurgeTestsOnPostgres() : AccountPurgeTests(DatabaseKind.PostgreSql);
