namespace Snikket.Configuration;

/// <summary>One <c>KEY=value</c> line of an env file, with quotes and escapes already removed.</summary>
/// <param name="Line">1-based line number in the file.</param>
/// <param name="Key">The key exactly as written (keys are case-sensitive, like environment variables).</param>
/// <param name="Value">The value after unquoting; an empty string for <c>KEY=</c>.</param>
public sealed record EnvFileEntry(int Line, string Key, string Value);
