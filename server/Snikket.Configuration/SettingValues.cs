using System.Globalization;
using System.Net;

namespace Snikket.Configuration;

/// <summary>
/// Typed reads of validated, normalized values (or table defaults). The values were checked by
/// <see cref="SnikketSetting.TryNormalize"/> already, so a parse failure here is a bug in the
/// table, not an operator error.
/// </summary>
internal sealed class SettingValues(IReadOnlyDictionary<string, string> normalized)
{
    /// <summary>Values built from the table defaults alone, for <see cref="SnikketOptions"/>'s initializers.</summary>
    public static SettingValues Defaults { get; } = new(
        SnikketSettings.All.Where(s => s.Default is not null)
            .ToDictionary(s => s.Key, s => Normalize(s, s.Default!), StringComparer.Ordinal));

    public string? Text(string key) => normalized.TryGetValue(key, out var value) ? value : null;

    public string RequiredText(string key) => Text(key) ?? throw new InvalidOperationException($"{key} has no value and no default.");

    public int Int(string key) => int.Parse(RequiredText(key), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    public bool Bool(string key) => SettingValidation.ParseBoolean(RequiredText(key));

    public bool? OptionalBool(string key) => Text(key) is { } text ? SettingValidation.ParseBoolean(text) : null;

    public double? OptionalDouble(string key) =>
        Text(key) is { } text ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : null;

    public TimeSpan Seconds(string key) => TimeSpan.FromSeconds(Int(key));

    public Uri? OptionalUri(string key) => Text(key) is { } text ? new Uri(text, UriKind.Absolute) : null;

    public T Choice<T>(string key)
        where T : struct, Enum => Enum.Parse<T>(RequiredText(key), ignoreCase: true);

    public IPAddress? OptionalIp(string key) => Text(key) is { } text ? IPAddress.Parse(text) : null;

    /// <summary>A comma-separated address list; <c>*</c> yields an empty list (see the option's docs).</summary>
    public IReadOnlyList<IPAddress> Ips(string key)
    {
        var text = RequiredText(key);
        return string.Equals(text, "*", StringComparison.Ordinal)
            ? []
            : [.. text.Split(',').Select(IPAddress.Parse)];
    }

    private static string Normalize(SnikketSetting setting, string value) =>
        setting.TryNormalize(value, out var normalized, out var problem)
            ? normalized
            : throw new InvalidOperationException($"The default of {setting.Key} is invalid: {problem}");
}
