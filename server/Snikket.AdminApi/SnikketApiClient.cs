using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Snikket.AdminApi;

/// <summary>
/// The typed client of the internal API (register it with <c>AddHttpClient&lt;ISnikketApi, SnikketApiClient&gt;</c>,
/// base address the server's internal HTTP endpoint). Turns error answers into <see cref="ApiException"/>.
/// </summary>
public sealed class SnikketApiClient(HttpClient http) : ISnikketApi
{
    private static readonly AdminApiJson Json = AdminApiJson.Default;

    public Task<TokenResponse> LoginAsync(string username, string password, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, ApiPaths.Login, null, Body(new LoginRequest(username, password), Json.LoginRequest), Json.TokenResponse, ct);

    public Task<UserInfo> GetMeAsync(string token, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, ApiPaths.Me, token, null, Json.UserInfo, ct);

    public Task ChangePasswordAsync(string token, string currentPassword, string newPassword, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, ApiPaths.Password, token, Body(new PasswordChangeRequest(currentPassword, newPassword), Json.PasswordChangeRequest), ct);

    public Task<IReadOnlyList<UserInfo>> ListUsersAsync(string token, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, ApiPaths.Users, token, null, Json.IReadOnlyListUserInfo, ct);

    public Task<UserInfo> GetUserAsync(string token, string username, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, User(username), token, null, Json.UserInfo, ct);

    public Task<UserInfo> UpdateUserAsync(string token, string username, UserUpdate update, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, User(username), token, Body(update, Json.UserUpdate), Json.UserInfo, ct);

    public Task DeleteUserAsync(string token, string username, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, User(username), token, null, ct);

    public Task<IReadOnlyList<InviteInfo>> ListInvitesAsync(string token, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, ApiPaths.Invites, token, null, Json.IReadOnlyListInviteInfo, ct);

    public Task<InviteInfo> GetInviteAsync(string token, string id, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, Invite(id), token, null, Json.InviteInfo, ct);

    public Task<InviteInfo> CreateAccountInviteAsync(string token, AccountInviteRequest request, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, ApiPaths.Invites + "/account", token, Body(request, Json.AccountInviteRequest), Json.InviteInfo, ct);

    public Task<InviteInfo> CreateGroupInviteAsync(string token, GroupInviteRequest request, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, ApiPaths.Invites + "/group", token, Body(request, Json.GroupInviteRequest), Json.InviteInfo, ct);

    public Task<InviteInfo> CreateResetInviteAsync(string token, ResetInviteRequest request, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, ApiPaths.Invites + "/reset", token, Body(request, Json.ResetInviteRequest), Json.InviteInfo, ct);

    public Task RevokeInviteAsync(string token, string id, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, Invite(id), token, null, ct);

    public Task<IReadOnlyList<CircleInfo>> ListCirclesAsync(string token, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, ApiPaths.Groups, token, null, Json.IReadOnlyListCircleInfo, ct);

    public Task<CircleInfo> GetCircleAsync(string token, string id, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, Circle(id), token, null, Json.CircleInfo, ct);

    public Task<CircleInfo> CreateCircleAsync(string token, CircleCreateRequest request, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, ApiPaths.Groups, token, Body(request, Json.CircleCreateRequest), Json.CircleInfo, ct);

    public Task<CircleInfo> RenameCircleAsync(string token, string id, string name, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, Circle(id), token, Body(new CircleUpdateRequest(name), Json.CircleUpdateRequest), Json.CircleInfo, ct);

    public Task DeleteCircleAsync(string token, string id, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, Circle(id), token, null, ct);

    public Task AddCircleMemberAsync(string token, string id, string username, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, Member(id, username), token, null, ct);

    public Task RemoveCircleMemberAsync(string token, string id, string username, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, Member(id, username), token, null, ct);

    public Task<ServerInfoResponse> GetServerInfoAsync(string token, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, ApiPaths.ServerInfo, token, null, Json.ServerInfoResponse, ct);

    public Task<ServerMetrics> GetMetricsAsync(string token, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, ApiPaths.Metrics, token, null, Json.ServerMetrics, ct);

    public Task<AnnouncementResult> AnnounceAsync(string token, AnnouncementRequest request, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, ApiPaths.Announcement, token, Body(request, Json.AnnouncementRequest), Json.AnnouncementResult, ct);

    public Task<HealthResponse> GetHealthAsync(CancellationToken ct) =>
        SendAsync(HttpMethod.Get, ApiPaths.Health, null, null, Json.HealthResponse, ct);

    public Task<InviteLookup> LookupInviteAsync(string inviteToken, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, ApiPaths.InviteLookup + "/" + ApiPaths.Segment(inviteToken), null, null, Json.InviteLookup, ct);

    public Task<RegisterResponse> RegisterAsync(RegisterRequest request, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, ApiPaths.Register, null, Body(request, Json.RegisterRequest), Json.RegisterResponse, ct);

    private static string User(string username) => ApiPaths.Users + "/" + ApiPaths.Segment(username);

    private static string Invite(string id) => ApiPaths.Invites + "/" + ApiPaths.Segment(id);

    private static string Circle(string id) => ApiPaths.Groups + "/" + ApiPaths.Segment(id);

    private static string Member(string id, string username) => Circle(id) + "/members/" + ApiPaths.Segment(username);

    private static JsonContent Body<T>(T value, JsonTypeInfo<T> type) => JsonContent.Create(value, type);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, string? token, HttpContent? body, JsonTypeInfo<T> result, CancellationToken ct)
    {
        using var response = await SendCoreAsync(method, path, token, body, ct);
        try
        {
            return await response.Content.ReadFromJsonAsync(result, ct)
                ?? throw new ApiException(response.StatusCode, ApiConditions.InternalError, "The API answered with an empty body.");
        }
        catch (JsonException e)
        {
            throw new ApiException($"The API answered {path} with JSON of another shape: {e.Message}", e);
        }
    }

    private async Task SendAsync(HttpMethod method, string path, string? token, HttpContent? body, CancellationToken ct)
    {
        using var response = await SendCoreAsync(method, path, token, body, ct);
    }

    private async Task<HttpResponseMessage> SendCoreAsync(HttpMethod method, string path, string? token, HttpContent? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = body };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new ApiException(HttpStatusCode.ServiceUnavailable, ApiConditions.InternalError, "The server cannot be reached: " + e.Message);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            ApiError? error = null;
            try
            {
                error = await response.Content.ReadFromJsonAsync(Json.ApiError, ct);
            }
            catch (Exception e) when (e is JsonException or NotSupportedException)
            {
                // Not one of ours (a proxy's page, an empty body): the status code is all there is.
            }

            throw new ApiException(
                response.StatusCode,
                error?.Error ?? ApiConditions.InternalError,
                error?.Message ?? $"The API answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
    }
}
