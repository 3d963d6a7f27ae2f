namespace Snikket.Server.Modules.AdminApi;

/// <summary>
/// What authorising a request needs to know of an account: its role, whether it is locked, and
/// the token stamp its current credentials give (a password change changes it).
/// </summary>
internal sealed record AccountAccess(string Username, string Role, bool Locked, string Stamp);
