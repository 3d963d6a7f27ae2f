namespace Snikket.AdminApi;

/// <summary><c>POST /user_api/password</c>: the current password (proof it is really the owner) and the new one.</summary>
public sealed record PasswordChangeRequest(string CurrentPassword, string NewPassword);
