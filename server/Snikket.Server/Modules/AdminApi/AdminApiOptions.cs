using Snikket.Server.Hosting;

namespace Snikket.Server.Modules.AdminApi;

/// <summary>Settings of the internal API, derived from the server's settings.</summary>
internal sealed record AdminApiOptions
{
    /// <summary>Issue 4: passwords of at least 10 characters (Snikket's <c>password_policy.length</c>).</summary>
    public const int MinPasswordLength = 10;

    /// <summary>Longer passwords are refused before any key derivation (PBKDF2 cost grows with input for SHA-1's block).</summary>
    public const int MaxPasswordLength = 1024;

    /// <summary>How long a login token lasts. Short: the portal's session ends with it.</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(2);

    /// <summary>PBKDF2 iterations for passwords set through the API.</summary>
    public int ScramIterations { get; init; } = 10000;

    public static AdminApiOptions From(ServerSettings settings) => new() { ScramIterations = settings.ScramIterations };
}
