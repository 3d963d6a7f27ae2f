using System.Text.Json.Serialization;

namespace Snikket.AdminApi;

/// <summary>
/// Source-generated JSON for every record of the API, with Snikket's snake_case field names. Both
/// the server and its clients use it, so the two cannot drift apart (and no reflection is needed).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(PasswordChangeRequest))]
[JsonSerializable(typeof(UserInfo))]
[JsonSerializable(typeof(IReadOnlyList<UserInfo>))]
[JsonSerializable(typeof(UserUpdate))]
[JsonSerializable(typeof(InviteInfo))]
[JsonSerializable(typeof(IReadOnlyList<InviteInfo>))]
[JsonSerializable(typeof(AccountInviteRequest))]
[JsonSerializable(typeof(GroupInviteRequest))]
[JsonSerializable(typeof(ResetInviteRequest))]
[JsonSerializable(typeof(CircleInfo))]
[JsonSerializable(typeof(IReadOnlyList<CircleInfo>))]
[JsonSerializable(typeof(CircleCreateRequest))]
[JsonSerializable(typeof(CircleUpdateRequest))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(ServerInfoResponse))]
[JsonSerializable(typeof(ServerMetrics))]
[JsonSerializable(typeof(AnnouncementRequest))]
[JsonSerializable(typeof(AnnouncementResult))]
[JsonSerializable(typeof(InviteLookup))]
[JsonSerializable(typeof(RegisterRequest))]
[JsonSerializable(typeof(RegisterResponse))]
[JsonSerializable(typeof(HealthResponse))]
public sealed partial class AdminApiJson : JsonSerializerContext;
