namespace Snikket.Configuration;

/// <summary>
/// Thrown when the configuration cannot be used. It carries every problem found, not just the
/// first, so an operator can fix the file in one pass; <see cref="Exception.Message"/> is a
/// readable report with one problem per line.
/// </summary>
public sealed class SnikketConfigException : Exception
{
    /// <summary>Creates the exception from the problems found (at least one).</summary>
    public SnikketConfigException(IReadOnlyList<ConfigProblem> problems)
        : base(Report(problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem found, in file order, then environment and missing keys.</summary>
    public IReadOnlyList<ConfigProblem> Problems { get; }

    private static string Report(IReadOnlyList<ConfigProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var header = problems.Count == 1
            ? "The configuration has 1 problem:"
            : $"The configuration has {problems.Count} problems:";
        return header + "\n" + string.Join("\n", problems.Select(p => p.ToString()));
    }
}
