namespace Snikket.AdminApi;

/// <summary><c>PUT /admin_api/groups/{id}</c>: the circle's new name.</summary>
public sealed record CircleUpdateRequest(string Name);
