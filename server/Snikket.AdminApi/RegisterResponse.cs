namespace Snikket.AdminApi;

/// <summary>The address of the account just registered.</summary>
public sealed record RegisterResponse(string Jid);
