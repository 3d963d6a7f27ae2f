namespace Snikket.AdminApi;

/// <summary>
/// <c>POST /admin_api/server/announcement</c>: a message from the server's domain to
/// <see cref="Recipients"/>: <c>online</c> (accounts with a client connected now) or <c>all</c>
/// (every account; those offline get it when offline storage exists, or when they next connect).
/// </summary>
public sealed record AnnouncementRequest(string Recipients, string Body);
