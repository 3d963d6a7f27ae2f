namespace Snikket.Installer.Commands;

/// <summary>What <c>snikket init</c> was given on its command line; null values are asked for.</summary>
internal sealed record InitRequest(string ConfigPath, string? Domain, string? Email, bool Force);
