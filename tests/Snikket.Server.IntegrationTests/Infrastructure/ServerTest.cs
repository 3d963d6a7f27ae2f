using Snikket.Configuration;

namespace Snikket.Server.IntegrationTests.Infrastructure;

/// <summary>
/// The set-up most module tests share: a fresh server per test, the accounts the class declares,
/// and clients logged in by <see cref="SetUpAsync"/>. It exists so each class states only what
/// differs, and so every client it logs in is disposed before the server, in the order it was made.
/// </summary>
public abstract class ServerTest(DatabaseKind database) : IAsyncLifetime
{
    private readonly List<TestClient> _clients = [];
    private TestServer? _server;

    // Private protected: TestServer and TestClient are internal, the test classes public.
    private protected TestServer Server => _server ?? throw new InvalidOperationException("The server starts in InitializeAsync.");

    /// <summary>The accounts created before <see cref="SetUpAsync"/> runs.</summary>
    private protected virtual IReadOnlyList<(string Username, string Password)> Accounts =>
        [("alice", "alice password"), ("bob", "bob password")];

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(database);
        foreach (var (username, password) in Accounts)
        {
            await _server.CreateAccountAsync(username, password);
        }

        await SetUpAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Where a class logs in the clients its tests share, through <see cref="LoginAsync"/>.</summary>
    private protected abstract Task SetUpAsync();

    /// <summary>A logged-in client that lives as long as the test, disposed with the server.</summary>
    private protected async Task<TestClient> LoginAsync(string username, string password, string resource)
    {
        var client = await Server.LoginAsync(username, password, resource);
        _clients.Add(client);
        return client;
    }
}
