using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Snikket.Configuration;

/// <summary>
/// The single definition of one <c>SNIKKET_*</c> key: its name, default, documentation, group and
/// validation. The server, portal, installer and <c>snikket.conf.example</c> all read this.
/// </summary>
/// <param name="Key">The environment variable name, e.g. <c>SNIKKET_RETENTION_DAYS</c>.</param>
/// <param name="Default">The value used when the key is unset or empty, in the same text form an
/// operator would write; null when there is none (required keys) or when it is computed from
/// other settings or the environment (see <see cref="DefaultText"/>).</param>
/// <param name="Description">What the setting does, for the example file and the docs.</param>
/// <param name="Group">The example-file section it belongs to.</param>
/// <param name="Kind">The shape its value must have.</param>
public sealed record SnikketSetting(string Key, string? Default, string Description, SettingGroup Group, SettingKind Kind)
{
    /// <summary>True when the configuration is unusable without this key.</summary>
    public bool Required { get; init; }

    /// <summary>
    /// A short noun phrase naming what the value means, appended to problem messages:
    /// "(days to keep messages and uploads)".
    /// </summary>
    public string Summary { get; init; } = "";

    /// <summary>Smallest allowed number (<see cref="SettingKind.WholeNumber"/>, <see cref="SettingKind.Port"/>,
    /// <see cref="SettingKind.SizeGb"/>), or minimum length for <see cref="SettingKind.Text"/>.</summary>
    public long Min { get; init; }

    /// <summary>Largest allowed number, or maximum length for <see cref="SettingKind.Text"/>.</summary>
    public long Max { get; init; } = long.MaxValue;

    /// <summary>The choices of a <see cref="SettingKind.Choice"/>, or the URL schemes of a <see cref="SettingKind.Url"/>.</summary>
    public IReadOnlyList<string> AllowedValues { get; init; } = [];

    /// <summary>For <see cref="SettingKind.IpAddressList"/>: whether <c>*</c> (every interface) is accepted.</summary>
    public bool AllowAnyInterface { get; init; }

    /// <summary>True when the value can hold a password; problem messages then mask it.</summary>
    public bool Secret { get; init; }

    /// <summary>
    /// For the example file and docs: how the default is worked out when <see cref="Default"/> is
    /// null or needs explaining ("the domain", "unlimited").
    /// </summary>
    public string? DefaultText { get; init; }

    /// <summary>A placeholder value shown uncommented in the example file (required keys only).</summary>
    public string? Example { get; init; }

    /// <summary>True for settings whose value is a port that a service listens on; two such
    /// settings may not share a number.</summary>
    public bool IsListeningPort => Kind == SettingKind.Port && !Key.EndsWith("_MIN_PORT", StringComparison.Ordinal)
        && !Key.EndsWith("_MAX_PORT", StringComparison.Ordinal);

    /// <summary>A human-readable description of the values accepted, e.g. <c>1–3650</c>.</summary>
    public string AllowedText => Kind switch
    {
        SettingKind.Text => Min > 0 ? $"text of {Min}–{Max} characters" : $"text of up to {Max} characters",
        SettingKind.DomainName => "a domain name such as chat.example.com, without scheme, port or path"
            + string.Concat(AllowedValues.Select(v => $", or {v}")),
        SettingKind.Email => "an email address such as you@example.com",
        SettingKind.WholeNumber => Range(),
        SettingKind.Port => $"a port number {Range()}",
        SettingKind.Choice => string.Join(", ", AllowedValues),
        SettingKind.Boolean => "1/0, true/false, yes/no, on/off",
        SettingKind.FilePath => "a file path",
        SettingKind.Url => $"an absolute {string.Join(" or ", AllowedValues.Select(s => s + "://"))} URL",
        SettingKind.IpAddress => "one IPv4 or IPv6 address such as 192.168.1.10",
        SettingKind.IpAddressList => AllowAnyInterface
            ? "* for every interface, or a comma-separated list of IP addresses"
            : "a comma-separated list of IP addresses such as 127.0.0.1,::1",
        SettingKind.SizeGb => Max == long.MaxValue
            ? "a number of gigabytes ≥ 0 such as 10 or 0.5"
            : $"a number of gigabytes from {Min} to {Max.ToString(CultureInfo.InvariantCulture)}, such as 10 or 0.5",
        SettingKind.PostgresUrl => "postgres://user:password@host:port/database (or postgresql://…)",
        _ => throw new InvalidOperationException($"Unknown kind {Kind}."),
    };

    /// <summary>
    /// Checks a non-empty value and returns its normalized form: trimmed, domain names
    /// lower-cased, choices in their canonical spelling, booleans as <c>true</c>/<c>false</c>,
    /// numbers in invariant culture.
    /// </summary>
    /// <param name="value">The value as written.</param>
    /// <param name="normalized">The normalized value when valid.</param>
    /// <param name="problem">When invalid: why, phrased to follow the key and value and ending
    /// with what is allowed.</param>
    public bool TryNormalize(string value, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(value);
        var reason = SettingValidation.Check(this, value.Trim(), out normalized);
        if (reason is null && normalized is not null)
        {
            problem = null;
            return true;
        }

        normalized = null;
        reason ??= "is not valid";
        problem = string.IsNullOrEmpty(Summary)
            ? $"{reason}; allowed: {AllowedText}"
            : $"{reason}; allowed: {AllowedText} ({Summary})";
        return false;
    }

    private string Range() =>
        Max == long.MaxValue
            ? $"{Min.ToString(CultureInfo.InvariantCulture)} or more"
            : $"{Min.ToString(CultureInfo.InvariantCulture)}–{Max.ToString(CultureInfo.InvariantCulture)}";
}
