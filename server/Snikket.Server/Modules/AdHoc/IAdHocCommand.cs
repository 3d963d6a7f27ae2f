using Snikket.Server.Accounts;

namespace Snikket.Server.Modules.AdHoc;

/// <summary>
/// One XEP-0050 command. Features register theirs in DI (ModuleList) as <c>IAdHocCommand</c>; the
/// ad-hoc module lists those a user may run and runs them. A command is a small state machine
/// over data forms: called first without a form, it may ask for one (<see cref="AdHocResult.Ask"/>),
/// and is called again with what the user submitted.
/// </summary>
internal interface IAdHocCommand
{
    /// <summary>The command's node, e.g. <c>urn:xmpp:invite#invite</c>.</summary>
    string Node { get; }

    /// <summary>The name clients show.</summary>
    string Name { get; }

    /// <summary>Whether an account with <paramref name="role"/> may see and run it.</summary>
    bool IsAllowed(AccountRole role);

    ValueTask<AdHocResult> ExecuteAsync(AdHocRequest request, CancellationToken ct);
}
