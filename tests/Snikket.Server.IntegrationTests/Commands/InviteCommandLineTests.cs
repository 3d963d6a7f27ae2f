using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Snikket.Server.Accounts;
using Snikket.Server.Commands;
using Snikket.Server.Hosting;
using Snikket.Server.Modules.Circles;
using Snikket.Server.Modules.Invites;
using Snikket.Server.Storage;

namespace Snikket.Server.IntegrationTests.Commands;

/// <summary>
/// The <c>invite</c> command as an operator types it: the real command tree parses the flags,
/// reads a <c>snikket.conf</c>, and writes to a SQLite database in its data directory.
/// </summary>
public sealed class InviteCommandLineTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("snikket-cli-").FullName;

    private string ConfigPath => Path.Combine(_dataDirectory, "snikket.conf");

    public InviteCommandLineTests() =>
        File.WriteAllText(ConfigPath, $"SNIKKET_DOMAIN=chat.example\nSNIKKET_ADMIN_EMAIL=admin@example.com\nSNIKKET_TWEAK_DATA_DIR={_dataDirectory}\n");

    public void Dispose()
    {
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private async Task<(int Code, string Output, string Errors)> RunAsync(params string[] args)
    {
        await using var output = new StringWriter();
        await using var errors = new StringWriter();
        var parse = CommandLine.Build().Parse(["--config", ConfigPath, .. args]);
        var code = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = errors });
        return (code, output.ToString(), errors.ToString());
    }

    /// <summary>The invites in the database, read the way the server reads them.</summary>
    private async Task<IReadOnlyList<Invite>> PendingInvitesAsync()
    {
        Assert.True(SettingsLoader.TryLoad(ConfigPath, out var settings));
        var services = new ServiceCollection();
        ServerHost.AddStorage(services, settings);
        await using var provider = services.BuildServiceProvider();
        var store = new InviteStore(provider.GetRequiredService<IDbContextFactory<SnikketDb>>(), TimeProvider.System);
        return await store.ListPendingAsync(null, CancellationToken.None);
    }

    [Fact]
    public async Task A_reusable_invite_takes_max_uses_a_circle_and_an_expiry()
    {
        var (code, output, errors) = await RunAsync("invite", "--reusable", "--max-uses", "3", "--circle", "default", "--expires", "12h", "--no-qr");

        Assert.True(code == 0, errors);
        Assert.Contains("Invite link for up to 3 people: https://chat.example/invite/", output, StringComparison.Ordinal);
        var invite = Assert.Single(await PendingInvitesAsync());
        Assert.Equal(InviteKind.Group, invite.Kind);
        Assert.Equal(3, invite.MaxUses);
        Assert.Equal([Circle.DefaultId], invite.CircleIds);
        Assert.InRange(invite.Expires - DateTimeOffset.UtcNow, TimeSpan.FromHours(11.9), TimeSpan.FromHours(12));
    }

    [Fact]
    public async Task Max_uses_without_reusable_is_refused_with_the_fix()
    {
        var (code, _, errors) = await RunAsync("invite", "--max-uses", "3", "--no-qr");

        Assert.Equal(1, code);
        Assert.Contains("--max-uses needs --reusable", errors, StringComparison.Ordinal);
        Assert.Empty(await PendingInvitesAsync());
    }

    [Fact]
    public async Task Admin_with_another_role_is_refused_as_a_contradiction()
    {
        var (code, _, errors) = await RunAsync("invite", "--admin", "--role", "limited", "--no-qr");

        Assert.Equal(1, code);
        Assert.Contains("--admin and --role limited contradict each other", errors, StringComparison.Ordinal);
        Assert.Empty(await PendingInvitesAsync());
    }

    [Fact]
    public async Task A_reusable_invite_with_a_username_is_refused()
    {
        var (code, _, errors) = await RunAsync("invite", "--reusable", "--username", "juliet", "--no-qr");

        Assert.Equal(1, code);
        Assert.Contains("cannot fix a username", errors, StringComparison.Ordinal);
        Assert.Empty(await PendingInvitesAsync());
    }

    [Fact]
    public async Task Admin_prints_an_administrator_invite_with_a_qr_code()
    {
        var (code, output, errors) = await RunAsync("invite", "--admin");

        Assert.True(code == 0, errors);
        Assert.Contains("Invite link for an administrator", output, StringComparison.Ordinal);
        Assert.Contains('█', output);
        Assert.Equal(AccountRole.Admin, Assert.Single(await PendingInvitesAsync()).Role);
    }
}
