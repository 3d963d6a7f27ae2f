using System.Text.Json.Serialization;

namespace Snikket.AdminApi;

/// <summary>Accounts with a client connected within the last day, week and 30 days (Snikket's <c>active_1d</c>… names).</summary>
public sealed record ActiveUsers(
    [property: JsonPropertyName("active_1d")] int Active1d,
    [property: JsonPropertyName("active_7d")] int Active7d,
    [property: JsonPropertyName("active_30d")] int Active30d);
