using Snikket.Server.Accounts;
using Snikket.Server.Hosting;
using Snikket.Server.Modules.AdHoc;
using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Modules.Invites;

/// <summary>
/// XEP-0401 §4.4 <c>urn:xmpp:invite#create-account</c> (admins only): asks for an optional
/// username, whether the new account becomes the admin's contact, and the role, then answers with
/// an account invite's link.
/// </summary>
internal sealed class CreateAccountCommand(InviteStore invites, ServerInfo server) : IAdHocCommand
{
    public const string CommandNode = "urn:xmpp:invite#create-account";

    public string Node => CommandNode;

    public string Name => "Create an account invite";

    public bool IsAllowed(AccountRole role) => role == AccountRole.Admin;

    public async ValueTask<AdHocResult> ExecuteAsync(AdHocRequest request, CancellationToken ct)
    {
        if (request.Form is null)
        {
            var form = DataForm.Create("form", null, "Create an account invite", "Leave the username empty to let the invitee choose one.");
            DataForm.AddField(form, "username", "text-single", "Username");
            DataForm.AddField(form, "roster-subscription", "boolean", "Add them to my contacts", "0");
            DataForm.AddField(form, "role", "list-single", "Access level", "normal", options: ["normal", "limited", "admin"]);
            return AdHocResult.Ask(form);
        }

        string? username = null;
        if (request.Value("username") is { Length: > 0 } given)
        {
            if (!Jid.TryParse($"{given.Trim()}@{server.Domain}", out var jid) || jid.Resource is not null || jid.Local is null || jid.Domain != server.Domain)
            {
                return AdHocResult.Failed(StanzaError.NotAcceptable("That username is not allowed."));
            }

            username = jid.Local;
        }

        var role = AccountRole.Normal;
        if (request.Value("role") is { } roleText && !AccountRoles.TryParse(roleText, out role))
        {
            return AdHocResult.Failed(StanzaError.NotAcceptable("The access level is admin, normal or limited."));
        }

        var created = await invites.CreateAsync(
            new InviteRequest
            {
                Kind = InviteKind.Account,
                Creator = request.Requester.Local,
                Username = username,
                Role = role,
                LinkCreator = DataForm.Boolean(request.Value("roster-subscription")),
            },
            ct);
        return AdHocResult.Completed(InviteCommand.Invitation(server.Domain, created));
    }
}
