namespace Snikket.Configuration;

/// <summary>The values of <c>SNIKKET_LOGLEVEL</c>, least to most verbose.</summary>
public enum SnikketLogLevel
{
    /// <summary>Only failures that need the operator's attention.</summary>
    Error,

    /// <summary>Failures and things that look wrong but are handled.</summary>
    Warn,

    /// <summary>Normal operation: start-up, connections, certificate renewals.</summary>
    Info,

    /// <summary>Everything useful for diagnosing a problem; noisy.</summary>
    Debug,
}
