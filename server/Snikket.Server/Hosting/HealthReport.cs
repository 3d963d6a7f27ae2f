using System.Text.Json.Serialization;

namespace Snikket.Server.Hosting;

/// <summary>The body of <c>GET /health</c> on the internal HTTP port.</summary>
internal sealed record HealthReport(string Status, int Sessions, int Connections);

/// <summary>Source-generated JSON for <see cref="HealthReport"/> (the slim host has no reflection serializer).</summary>
[JsonSerializable(typeof(HealthReport))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class HealthReportContext : JsonSerializerContext;
