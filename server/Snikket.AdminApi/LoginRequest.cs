namespace Snikket.AdminApi;

/// <summary><c>POST /auth/login</c>: a username (the localpart or the full address) and the account's password.</summary>
public sealed record LoginRequest(string Username, string Password);
