namespace Snikket.AdminApi;

/// <summary><c>GET /health</c>: "ok", bound sessions and open connections.</summary>
public sealed record HealthResponse(string Status, int Sessions, int Connections);
