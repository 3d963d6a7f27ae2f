namespace Snikket.Server.Modules.Invites;

/// <summary>
/// A registration's outcome, the prepared username (when it got that far) and, when it failed, a
/// sentence for the user.
/// </summary>
internal sealed record RegistrationResult(RegistrationOutcome Outcome, string? Username, string? Problem)
{
    public bool Succeeded => Outcome is RegistrationOutcome.Created or RegistrationOutcome.PasswordReset;
}
