namespace Snikket.AdminApi;

/// <summary>CPU seconds the server process has used (<see cref="Value"/>) since it started (<see cref="Since"/>, Unix seconds).</summary>
public sealed record CpuMetric(long Since, double Value);
