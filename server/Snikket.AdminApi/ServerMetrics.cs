namespace Snikket.AdminApi;

/// <summary>
/// <c>GET /admin_api/server/metrics</c> as JSON (Snikket's shape): the server process's memory in
/// bytes, its CPU use, connected client sessions, and accounts active within 1, 7 and 30 days.
/// The same numbers are served as OpenMetrics text when the request asks for it.
/// </summary>
public sealed record ServerMetrics(long Memory, CpuMetric Cpu, int C2s, int Accounts, ActiveUsers Users);
