namespace Snikket.AdminApi;

/// <summary><c>POST /register_api/register</c>, public: create (or, with a reset invite, re-key) an account with an invite token.</summary>
public sealed record RegisterRequest(string Username, string Password, string Token);
