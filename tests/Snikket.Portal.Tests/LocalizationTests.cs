using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Snikket.Portal.Tests;

/// <summary>The English resource file is complete: every text a page or page model asks for is in it.</summary>
public sealed partial class LocalizationTests
{
    [Fact]
    public void Every_text_key_used_by_the_portal_is_in_the_english_resources()
    {
        var root = Path.Combine(RepositoryRoot(), "portal", "Snikket.Portal");
        var keys = XDocument.Load(Path.Combine(root, "Resources", "Strings.resx")).Root!
            .Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
        var used = Directory.EnumerateFiles(root, "*.cs*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Key().Matches(File.ReadAllText(f)).Select(m => m.Groups.Values.Skip(1).First(g => g.Success).Value))
            .Where(k => !k.EndsWith('.'))
            .Concat(Snikket.AdminApi.ApiRoles.All.Select(r => "Role." + r))
            .ToHashSet(StringComparer.Ordinal);

        var missing = used.Where(k => !keys.Contains(k)).Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, "missing in Strings.resx: " + string.Join(", ", missing));
        Assert.True(used.Count > 100);
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string here = "")
    {
        // The source tree, found from this file (test binaries may be built elsewhere, -p:ArtifactsPath).
        var directory = new DirectoryInfo(Path.GetDirectoryName(here)!);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Snikket.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Snikket.slnx not found above the test source.");
    }

    [GeneratedRegex("""[tT]\["([A-Za-z0-9_.]+)"|"(Invites\.ValidFor\.[A-Za-z]+)"|\("(Invites\.ValidFor\.[A-Za-z]+)"\)""")]
    private static partial Regex Key();
}
