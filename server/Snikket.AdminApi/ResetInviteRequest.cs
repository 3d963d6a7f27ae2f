namespace Snikket.AdminApi;

/// <summary><c>POST /admin_api/invites/reset</c>: a password-reset link for an account, valid for <see cref="Ttl"/> seconds (default 1 day).</summary>
public sealed record ResetInviteRequest(string Username, long? Ttl = null);
