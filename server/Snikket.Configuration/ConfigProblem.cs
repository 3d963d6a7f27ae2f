namespace Snikket.Configuration;

/// <summary>
/// One thing wrong with the configuration.
/// </summary>
/// <param name="Key">The setting's key (<c>SNIKKET_RETENTION_DAYS</c>), or <c>line N</c> for a line
/// that could not be read as <c>KEY=value</c>.</param>
/// <param name="Value">The offending value as written, with secrets masked; null when there is no
/// single value to show (a missing key, a duplicate).</param>
/// <param name="Message">What is wrong and what is allowed, phrased to follow the key and value
/// (<c>is not a whole number; allowed: 1–3650 (days to keep messages and uploads)</c>).</param>
public sealed record ConfigProblem(string Key, string? Value, string Message)
{
    /// <summary>
    /// Where the value came from: <c>snikket.conf line 4</c>, <c>environment</c>, or the file name
    /// alone for a problem that has no line (a missing required key). Null when unknown.
    /// </summary>
    public string? Location { get; init; }

    /// <summary>The file line the problem is on, used to report problems in file order.</summary>
    internal int Line { get; init; }

    /// <summary>
    /// The full one-line report: <c>snikket.conf line 4: SNIKKET_RETENTION_DAYS="seven" is not a
    /// whole number; allowed: 1–3650 (days to keep messages and uploads)</c>.
    /// </summary>
    public override string ToString()
    {
        var prefix = Location is null ? "" : Location + ": ";
        if (Key.StartsWith("line ", StringComparison.Ordinal))
        {
            return prefix + Message;
        }

        return Value is null ? $"{prefix}{Key} {Message}" : $"{prefix}{Key}=\"{Value}\" {Message}";
    }
}
