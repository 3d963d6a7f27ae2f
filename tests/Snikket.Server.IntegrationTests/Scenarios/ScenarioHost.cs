using Snikket.Server.IntegrationTests.Infrastructure;

namespace Snikket.Server.IntegrationTests.Scenarios;

/// <summary>
/// The server a scenario runs against, reduced to what the runner needs, so the same scripts can
/// run against another XMPP server (see README.md).
/// </summary>
/// <param name="Domain">The XMPP domain; every client's JID must be on it.</param>
/// <param name="CreateAccountAsync">Creates an account (localpart, password) before the script runs.</param>
/// <param name="LoginAsync">Connects, encrypts, authenticates and binds (localpart, password, resource or null).</param>
internal sealed record ScenarioHost(
    string Domain,
    Func<string, string, Task> CreateAccountAsync,
    Func<string, string, string?, Task<TestClient>> LoginAsync)
{
    /// <summary>Our server, started in-process by the test.</summary>
    public static ScenarioHost For(TestServer server) => new(
        TestServer.Domain,
        server.CreateAccountAsync,
        (user, password, resource) => server.LoginAsync(user, password, resource));
}
