using Microsoft.Extensions.DependencyInjection;
using Snikket.Configuration;
using Snikket.Server.Accounts;
using Snikket.Server.Commands;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Server.Modules.Circles;
using Snikket.Server.Modules.Invites;

namespace Snikket.Server.IntegrationTests.Commands;

/// <summary>The operator's <c>invite</c> and <c>reset</c> commands against a real database; the link they print works.</summary>
public abstract class InviteCommandsTests(DatabaseKind database) : IAsyncLifetime
{
    private TestServer _server = null!;

    private InviteStore Invites => _server.Services.GetRequiredService<InviteStore>();

    private CircleStore Circles => _server.Services.GetRequiredService<CircleStore>();

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(database);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Runs a command with captured output; returns the exit code and both texts.</summary>
    private static async Task<(int Code, string Output, string Errors)> RunAsync(Func<TextWriter, TextWriter, Task<int>> command)
    {
        await using var output = new StringWriter();
        await using var errors = new StringWriter();
        var code = await command(output, errors);
        return (code, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task An_admin_invite_prints_a_working_link_and_a_qr_code()
    {
        var (code, output, errors) = await RunAsync((o, e) => InviteCommands.CreateAsync(Invites, Circles, "localhost", "Test server", new InviteRequest { Kind = InviteKind.Account, Role = AccountRole.Admin }, [], true, o, e, CancellationToken.None));

        Assert.Equal(0, code);
        var text = output;
        Assert.Contains("https://localhost/invite/", text, StringComparison.Ordinal);
        Assert.Contains("xmpp:localhost?register;preauth=", text, StringComparison.Ordinal);
        Assert.Contains('█', text);
        var token = text.Split("/invite/")[1].Split('/')[0];
        var result = await _server.Services.GetRequiredService<InviteRegistration>().RegisterAsync(token, "boss", "a good long password", CancellationToken.None);
        Assert.Equal(RegistrationOutcome.Created, result.Outcome);
        Assert.Equal(AccountRole.Admin, await _server.Services.GetRequiredService<AccountStore>().GetRoleAsync("boss", CancellationToken.None));
    }

    [Fact]
    public async Task Circles_are_named_by_name_or_id_and_the_default_circle_is_made_on_demand()
    {
        var family = await Circles.CreateAsync("Family", CancellationToken.None);

        var (code, output, errors) = await RunAsync((o, e) => InviteCommands.CreateAsync(Invites, Circles, "localhost", "Test server", new InviteRequest { Kind = InviteKind.Group }, ["family", "default"], false, o, e, CancellationToken.None));

        Assert.Equal(0, code);
        var invite = Assert.Single(await Invites.ListPendingAsync(null, CancellationToken.None));
        Assert.Equal([family.Id, "default"], invite.CircleIds);
        Assert.NotNull(await Circles.GetAsync("default", CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_circle_creates_nothing_and_says_which_exist()
    {
        await Circles.CreateAsync("Family", CancellationToken.None);

        var (code, output, errors) = await RunAsync((o, e) => InviteCommands.CreateAsync(Invites, Circles, "localhost", "Test server", new InviteRequest { Kind = InviteKind.Account }, ["Friends"], false, o, e, CancellationToken.None));

        Assert.Equal(1, code);
        Assert.Contains("Family", errors, StringComparison.Ordinal);
        Assert.Empty(await Invites.ListPendingAsync(null, CancellationToken.None));
    }

    [Fact]
    public async Task A_reset_link_resets_the_accounts_password()
    {
        await _server.CreateAccountAsync("alice", "the old password");

        var (code, output, errors) = await RunAsync((o, e) => InviteCommands.ResetAsync(_server.Services.GetRequiredService<AccountStore>(), Invites, "localhost", "alice", TimeSpan.FromDays(1), false, o, e, CancellationToken.None));

        Assert.Equal(0, code);
        Assert.Contains("xmpp:alice@localhost?register;preauth=", output, StringComparison.Ordinal);
        var token = output.Split("/invite/")[1].Split('/')[0];
        var result = await _server.Services.GetRequiredService<InviteRegistration>().RegisterAsync(token, "alice", "the new password", CancellationToken.None);
        Assert.Equal(RegistrationOutcome.PasswordReset, result.Outcome);
    }

    [Fact]
    public async Task A_reset_for_a_missing_account_fails()
    {
        var (code, output, errors) = await RunAsync((o, e) => InviteCommands.ResetAsync(_server.Services.GetRequiredService<AccountStore>(), Invites, "localhost", "nobody", TimeSpan.FromDays(1), false, o, e, CancellationToken.None));

        Assert.Equal(1, code);
        Assert.Empty(await Invites.ListPendingAsync(null, CancellationToken.None));
    }
}

public sealed class InviteCommandsTestsOnSqlite() : InviteCommandsTests(DatabaseKind.Sqlite);

public sealed class InviteCommandsTestsOnPostgres() : InviteCommandsTests(DatabaseKind.PostgreSql);
