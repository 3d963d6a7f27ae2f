namespace Snikket.Server.Modules.Invites;

/// <summary>Settings the invite flows need from the server's configuration.</summary>
internal sealed class InvitesOptions
{
    /// <summary>PBKDF2 iterations for the SCRAM keys of accounts created with invites.</summary>
    public int ScramIterations { get; init; } = 10000;

    /// <summary>Failed token tries one connection gets before its stream is closed.</summary>
    public int MaxTokenFailuresPerStream { get; init; } = 3;

    /// <summary>Failed token tries one IP address gets per <see cref="FailureWindow"/> before every try from it is refused.</summary>
    public int MaxTokenFailuresPerAddress { get; init; } = 10;

    public TimeSpan FailureWindow { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Normal users may create contact invites; when false only admins may (<c>SNIKKET_TWEAK_USER_INVITES</c>).</summary>
    public bool UserInvites { get; init; } = true;
}
