namespace Snikket.AdminApi;

/// <summary>
/// The answer to a login: a bearer token for the other endpoints, the account it belongs to, its
/// role when it was issued, and when it stops working (Unix seconds).
/// </summary>
public sealed record TokenResponse(string Token, string Username, string Role, long ExpiresAt);
