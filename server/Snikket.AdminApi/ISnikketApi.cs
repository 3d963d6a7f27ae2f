namespace Snikket.AdminApi;

/// <summary>
/// What the portal asks of the server. <see cref="SnikketApiClient"/> calls the real API over
/// HTTP; tests use a hand-written fake. Every failure is an <see cref="ApiException"/>. Calls that
/// act for a person take the bearer token from <see cref="LoginAsync"/>.
/// </summary>
public interface ISnikketApi
{
    Task<TokenResponse> LoginAsync(string username, string password, CancellationToken ct);

    Task<UserInfo> GetMeAsync(string token, CancellationToken ct);

    Task ChangePasswordAsync(string token, string currentPassword, string newPassword, CancellationToken ct);

    Task<IReadOnlyList<UserInfo>> ListUsersAsync(string token, CancellationToken ct);

    Task<UserInfo> GetUserAsync(string token, string username, CancellationToken ct);

    Task<UserInfo> UpdateUserAsync(string token, string username, UserUpdate update, CancellationToken ct);

    Task DeleteUserAsync(string token, string username, CancellationToken ct);

    Task<IReadOnlyList<InviteInfo>> ListInvitesAsync(string token, CancellationToken ct);

    Task<InviteInfo> GetInviteAsync(string token, string id, CancellationToken ct);

    Task<InviteInfo> CreateAccountInviteAsync(string token, AccountInviteRequest request, CancellationToken ct);

    Task<InviteInfo> CreateGroupInviteAsync(string token, GroupInviteRequest request, CancellationToken ct);

    Task<InviteInfo> CreateResetInviteAsync(string token, ResetInviteRequest request, CancellationToken ct);

    Task RevokeInviteAsync(string token, string id, CancellationToken ct);

    Task<IReadOnlyList<CircleInfo>> ListCirclesAsync(string token, CancellationToken ct);

    Task<CircleInfo> GetCircleAsync(string token, string id, CancellationToken ct);

    Task<CircleInfo> CreateCircleAsync(string token, CircleCreateRequest request, CancellationToken ct);

    Task<CircleInfo> RenameCircleAsync(string token, string id, string name, CancellationToken ct);

    Task DeleteCircleAsync(string token, string id, CancellationToken ct);

    Task AddCircleMemberAsync(string token, string id, string username, CancellationToken ct);

    Task RemoveCircleMemberAsync(string token, string id, string username, CancellationToken ct);

    Task<ServerInfoResponse> GetServerInfoAsync(string token, CancellationToken ct);

    Task<ServerMetrics> GetMetricsAsync(string token, CancellationToken ct);

    Task<AnnouncementResult> AnnounceAsync(string token, AnnouncementRequest request, CancellationToken ct);

    Task<HealthResponse> GetHealthAsync(CancellationToken ct);

    /// <summary>Public: what an invite token is for; <see cref="ApiConditions.InviteInvalid"/> when it cannot be used.</summary>
    Task<InviteLookup> LookupInviteAsync(string inviteToken, CancellationToken ct);

    /// <summary>Public: creates an account with an invite (or sets a new password with a reset invite).</summary>
    Task<RegisterResponse> RegisterAsync(RegisterRequest request, CancellationToken ct);
}
