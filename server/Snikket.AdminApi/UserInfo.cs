namespace Snikket.AdminApi;

/// <summary>
/// One account, in the shape of Snikket's <c>GET /admin_api/users/{u}</c>: <see cref="Enabled"/>
/// is false while an administrator keeps it locked; <see cref="LastActive"/> (Unix seconds) is when
/// a client of it was last connected, null if never; <see cref="DeletionRequest"/> is set while a
/// self-deletion waits out its grace period.
/// </summary>
public sealed record UserInfo(
    string Username,
    string Jid,
    string? DisplayName,
    string Role,
    bool Enabled,
    long CreatedAt,
    long? LastActive,
    DeletionRequest? DeletionRequest,
    IReadOnlyList<string> Groups);
