using Snikket.Server.Accounts;
using Snikket.Server.Hosting;
using Snikket.Server.Routing;
using Snikket.Xmpp;

namespace Snikket.Server.Modules.Invites;

/// <summary>
/// Turns an invite into an account (or, for a reset, a new password): checks the username and
/// password, then creates the account and counts the invite's use in one transaction, and tells
/// the other modules (<see cref="AccountCreated"/> for circles, <see cref="ContactsLinked"/> for
/// the inviter's roster). Used by in-band registration (XEP-0077 after XEP-0445 preauth) and by the
/// portal's public register API, so both follow the same rules.
/// </summary>
internal sealed partial class InviteRegistration(
    InviteStore invites,
    AccountStore accounts,
    ServerEvents events,
    ServerInfo server,
    InvitesOptions options,
    ILogger<InviteRegistration> logger)
{
    /// <summary>Registers with a token; the token's invite must still be usable.</summary>
    public async Task<RegistrationResult> RegisterAsync(string? token, string? username, string? password, CancellationToken ct)
    {
        var invite = await invites.FindAsync(token, ct);
        return invite is null
            ? new RegistrationResult(RegistrationOutcome.InvalidInvite, null, "The invite is invalid or has expired.")
            : await RegisterAsync(invite, username, password, ct);
    }

    /// <summary>
    /// Registers with an invite found earlier (a stream's validated preauth token). An empty
    /// <paramref name="username"/> takes the invite's own, when it names one.
    /// </summary>
    public async Task<RegistrationResult> RegisterAsync(Invite invite, string? username, string? password, CancellationToken ct)
    {
        if (!invite.AllowRegistration)
        {
            return new RegistrationResult(RegistrationOutcome.NotAllowed, null, "This invite does not allow creating an account.");
        }

        if (string.IsNullOrWhiteSpace(username))
        {
            username = invite.Username;
        }

        var prepared = Prepare(username);
        if (prepared is null)
        {
            return new RegistrationResult(RegistrationOutcome.UsernameInvalid, null, "That username is not allowed: use letters, digits and simple punctuation, without @, / or spaces.");
        }

        if (invite.Username is not null && invite.Username != prepared)
        {
            return new RegistrationResult(RegistrationOutcome.UsernameNotAllowed, prepared, $"This invite is for the username '{invite.Username}'.");
        }

        if (PasswordPolicy.Problem(password) is { } problem)
        {
            return new RegistrationResult(RegistrationOutcome.PasswordRejected, prepared, problem);
        }

        if (invite.Kind == InviteKind.Reset)
        {
            var reset = await accounts.SetPasswordAsync(prepared, password!, options.ScramIterations, invites.Claim(invite.Id), ct);
            if (reset != AccountChange.Done)
            {
                return new RegistrationResult(RegistrationOutcome.InvalidInvite, prepared, "The invite is invalid or has expired.");
            }

            Log.PasswordReset(logger, prepared, invite.Id);
            return new RegistrationResult(RegistrationOutcome.PasswordReset, prepared, null);
        }

        var created = await accounts.CreateAsync(prepared, password!, options.ScramIterations, invite.Role, invites.Claim(invite.Id), ct);
        switch (created)
        {
            case AccountCreation.Taken:
                return new RegistrationResult(RegistrationOutcome.UsernameTaken, prepared, "That username is taken; choose another.");
            case AccountCreation.ClaimRefused:
                return new RegistrationResult(RegistrationOutcome.InvalidInvite, prepared, "The invite is invalid or has expired.");
        }

        Log.Registered(logger, prepared, invite.Id, invite.Kind.ToText());
        await events.PublishAsync(new AccountCreated(prepared, invite.Role, invite.Creator, invite.CircleIds), ct);
        if (invite.LinkCreator && invite.Creator is { } creator && creator != prepared)
        {
            // XEP-0401 §5.3: the inviter and the invitee become mutual contacts right away.
            await events.PublishAsync(new ContactsLinked(creator, prepared, null), ct);
        }

        return new RegistrationResult(RegistrationOutcome.Created, prepared, null);
    }

    /// <summary>A JID localpart (RFC 7622 §3.3, PRECIS UsernameCaseMapped), or null.</summary>
    private string? Prepare(string? username)
    {
        if (string.IsNullOrWhiteSpace(username) || username.Length > 1023)
        {
            return null;
        }

        return Jid.TryParse($"{username}@{server.Domain}", out var jid) && jid.Resource is null && jid.Local is { Length: > 0 } local && jid.Domain == server.Domain
            ? local
            : null;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Account {Username} created with invite {InviteId} ({Kind})")]
        public static partial void Registered(ILogger logger, string username, string inviteId, string kind);

        [LoggerMessage(2, LogLevel.Information, "Password of {Username} reset with invite {InviteId}")]
        public static partial void PasswordReset(ILogger logger, string username, string inviteId);
    }
}
