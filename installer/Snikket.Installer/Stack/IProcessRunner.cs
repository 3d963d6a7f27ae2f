namespace Snikket.Installer.Stack;

/// <summary>Starts an external program with the terminal's standard streams and returns its exit code (a seam for tests).</summary>
internal interface IProcessRunner
{
    /// <summary>Runs <paramref name="program"/> with extra <paramref name="environment"/> variables; returns null when it is not installed.</summary>
    Task<int?> RunAsync(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken);
}
