namespace Snikket.Server.IntegrationTests.Scenarios;

/// <summary>
/// Finds the scenario scripts: every <c>*.scs</c> under the test project is copied to the output
/// directory with its folders (see the csproj), and named by its path relative to the project.
/// </summary>
internal static class ScenarioFiles
{
    /// <summary>Every script's relative path, with forward slashes, sorted.</summary>
    public static IReadOnlyList<string> All()
    {
        var root = AppContext.BaseDirectory;
        return [.. Directory.EnumerateFiles(root, "*.scs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)];
    }

    public static string FullPath(string relativePath) => Path.Combine(AppContext.BaseDirectory, relativePath);

    public static Scenario Parse(string relativePath) => ScenarioParser.ParseFile(FullPath(relativePath), relativePath);
}
