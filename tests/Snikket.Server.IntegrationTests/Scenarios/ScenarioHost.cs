using System.Diagnostics;
using System.Net;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Xmpp;

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
    /// <summary>Where another server listens (<c>127.0.0.1:5222</c>); when set, scripts run against it instead of ours.</summary>
    public const string ServerVariable = "SNIKKET_SCENARIO_SERVER";

    /// <summary>The PEM certificate the other server presents (the client pins it).</summary>
    public const string CertificateVariable = "SNIKKET_SCENARIO_CERT";

    /// <summary>A program run as <c>program localpart password</c> to create an account on the other server.</summary>
    public const string AddUserVariable = "SNIKKET_SCENARIO_ADD_USER";

    /// <summary>Our server, started in-process by the test.</summary>
    public static ScenarioHost For(TestServer server) => new(
        TestServer.Domain,
        server.CreateAccountAsync,
        (user, password, resource) => server.LoginAsync(user, password, resource));

    /// <summary>
    /// Another server described by <see cref="ServerVariable"/>, <see cref="CertificateVariable"/>
    /// and <see cref="AddUserVariable"/> (tests/scenarios-against-prosody.sh sets them), or
    /// <see langword="null"/> when <see cref="ServerVariable"/> is not set. Its domain is <c>localhost</c>
    /// and it must offer STARTTLS and SCRAM-SHA-256 or SCRAM-SHA-1.
    /// </summary>
    public static ScenarioHost? FromEnvironment()
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrEmpty(server))
        {
            return null;
        }

        var endPoint = IPEndPoint.Parse(server);
        var certificate = Required(CertificateVariable);
        var addUser = Required(AddUserVariable);
        return new ScenarioHost(
            TestServer.Domain,
            (user, password) => AddUserAsync(addUser, user, password),
            async (user, password, resource) =>
            {
                var client = await TestClient.ConnectAsync(endPoint, TestServer.Domain, certificate, directTls: false);
                await client.NegotiateTlsAsync();
                await client.AuthenticateAsync(user, password, StrongestScram(client.Features));
                await client.BindAsync(resource);
                return client;
            });
    }

    /// <summary>SCRAM-SHA-256 when offered; Prosody with hashed storage offers only SCRAM-SHA-1.</summary>
    private static string StrongestScram(Element? features)
    {
        var offered = features?.Child("mechanisms", Ns.Sasl)?.Elements("mechanism", Ns.Sasl).Select(m => m.Text).ToList() ?? [];
        return offered.Contains("SCRAM-SHA-256") ? "SCRAM-SHA-256" : "SCRAM-SHA-1";
    }

    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{ServerVariable} is set, so {variable} must be too (see tests/scenarios-against-prosody.sh)");

    private static async Task AddUserAsync(string program, string user, string password)
    {
        using var process = Process.Start(new ProcessStartInfo(program, [user, password]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        using var limit = new CancellationTokenSource(TestClient.Timeout);
        var output = process.StandardOutput.ReadToEndAsync(limit.Token);
        var errors = process.StandardError.ReadToEndAsync(limit.Token);
        await process.WaitForExitAsync(limit.Token);
        Assert.True(process.ExitCode == 0, $"{program} {user} failed (exit {process.ExitCode}): {await output}{await errors}");
    }
}
