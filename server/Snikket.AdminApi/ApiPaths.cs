namespace Snikket.AdminApi;

/// <summary>
/// The routes of the internal API, shared by the server that maps them and the client that calls
/// them. <c>/admin_api</c> and <c>/register_api</c> keep Snikket's paths (<c>reference/snikket.md</c> §5).
/// </summary>
public static class ApiPaths
{
    public const string Login = "/auth/login";
    public const string Me = "/user_api/me";
    public const string Password = "/user_api/password";
    public const string AdminPrefix = "/admin_api";
    public const string Users = "/admin_api/users";
    public const string Invites = "/admin_api/invites";
    public const string Groups = "/admin_api/groups";
    public const string ServerInfo = "/admin_api/server/info";
    public const string Metrics = "/admin_api/server/metrics";
    public const string Announcement = "/admin_api/server/announcement";
    public const string RegisterPrefix = "/register_api";
    public const string InviteLookup = "/register_api/invite";
    public const string Register = "/register_api/register";
    public const string Health = "/health";

    /// <summary>One path segment, escaped (usernames and ids come from people).</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);
}
