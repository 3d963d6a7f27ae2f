namespace Snikket.Server.Modules.AdminApi;

/// <summary>What <see cref="ApiTokens.Check"/> found: a forged or garbled token, an expired one, or a valid one and its claims.</summary>
internal sealed record TokenCheck(TokenStatus Status, string? Username, string? Role, string? Stamp)
{
    public static TokenCheck Invalid { get; } = new(TokenStatus.Invalid, null, null, null);

    public static TokenCheck Expired(string username) => new(TokenStatus.Expired, username, null, null);

    public static TokenCheck Valid(string username, string role, string stamp) => new(TokenStatus.Valid, username, role, stamp);
}
