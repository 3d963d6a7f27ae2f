namespace Snikket.AdminApi;

/// <summary><c>GET /admin_api/server/info</c>: the service's name, domain and software version.</summary>
public sealed record ServerInfoResponse(string SiteName, string Domain, string Version);
