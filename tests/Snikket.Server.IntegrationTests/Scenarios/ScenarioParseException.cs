namespace Snikket.Server.IntegrationTests.Scenarios;

/// <summary>A scenario script that cannot be read; the message starts with <c>file:line:</c>.</summary>
internal sealed class ScenarioParseException(string path, int line, string message) : Exception($"{path}:{line}: {message}")
{
    /// <summary>The script's path as shown in the message.</summary>
    public string Path { get; } = path;

    /// <summary>The 1-based line the problem is on.</summary>
    public int Line { get; } = line;
}
