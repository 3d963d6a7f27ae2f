using Snikket.Configuration;
using Snikket.Server.IntegrationTests.Infrastructure;

namespace Snikket.Server.IntegrationTests.Scenarios;

/// <summary>
/// Every scenario script (<c>*.scs</c>, STYLE.md B8) in this project, each a theory case named by
/// its path, against a fresh server on each database. With <see cref="ScenarioHost.ServerVariable"/>
/// set, the scripts run against that server instead (tests/scenarios-against-prosody.sh).
/// </summary>
public abstract class ScenarioTests(DatabaseKind database)
{
    public static TheoryData<string> Scripts => [.. ScenarioFiles.All()];

    [Theory]
    [MemberData(nameof(Scripts), MemberType = typeof(ScenarioTests))]
    public async Task Runs(string scenario)
    {
        var script = ScenarioFiles.Parse(scenario);
        if (ScenarioHost.FromEnvironment() is { } other)
        {
            await ScenarioRunner.RunAsync(script, other);
            return;
        }

        await using var server = await TestServer.StartAsync(database);

        await ScenarioRunner.RunAsync(script, ScenarioHost.For(server));
    }
}

public sealed class ScenarioTestsOnSqlite() : ScenarioTests(DatabaseKind.Sqlite);

public sealed class ScenarioTestsOnPostgres() : ScenarioTests(DatabaseKind.PostgreSql);
