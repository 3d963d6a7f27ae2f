namespace Snikket.Server.IntegrationTests.Scenarios;

/// <summary>
/// A parsed scenario script (<c>*.scs</c>, the format of Prosody's scansion tool): the clients that
/// take part and the steps they perform, in order. See README.md in this folder for the format.
/// </summary>
/// <param name="Path">The script's path as shown in messages (relative to the test project).</param>
/// <param name="Title">The first comment line, or the file name when the script has none.</param>
/// <param name="Description">The comment lines right after the title, joined by new lines.</param>
/// <param name="Clients">The declared clients, in declaration order.</param>
/// <param name="Steps">The actions, in script order.</param>
internal sealed record Scenario(
    string Path,
    string Title,
    string Description,
    IReadOnlyList<ScenarioClient> Clients,
    IReadOnlyList<ScenarioStep> Steps);
