namespace Snikket.AdminApi;

/// <summary>
/// A circle, in the shape of Snikket's <c>GET /admin_api/groups/{id}</c>: its members are usernames.
/// The circle with id <see cref="DefaultId"/> is the one an invite joins when it names none.
/// </summary>
public sealed record CircleInfo(string Id, string Name, IReadOnlyList<string> Members, IReadOnlyList<CircleChat> Chats)
{
    public const string DefaultId = "default";
}
