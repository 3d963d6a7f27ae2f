using Snikket.Server.Accounts;
using Snikket.Server.Hosting;
using Snikket.Server.Modules.AdHoc;

namespace Snikket.Server.Modules.Invites;

/// <summary>
/// XEP-0401 §4.1 <c>urn:xmpp:invite#invite</c>: a user's contact invite, answered at once with the
/// link. It also lets the invitee create an account here (<c>ibr=y</c>), joined with the inviter
/// as mutual contacts. Admins and normal users may run it; limited users may not (issue 4 — unlike
/// Snikket, where only admins can invite: its users asked for this, "The Circle Plan"). An operator
/// who wants Snikket's way turns normal users' invites off (<see cref="InvitesOptions.UserInvites"/>).
/// </summary>
internal sealed class InviteCommand(InviteStore invites, ServerInfo server, InvitesOptions options) : IAdHocCommand
{
    public const string CommandNode = "urn:xmpp:invite#invite";

    /// <summary>XEP-0401's FORM_TYPE of the answer.</summary>
    public const string InvitationFormType = "urn:xmpp:invite#invitation";

    public string Node => CommandNode;

    public string Name => "Invite someone";

    public bool IsAllowed(AccountRole role) => role == AccountRole.Admin || (role == AccountRole.Normal && options.UserInvites);

    public async ValueTask<AdHocResult> ExecuteAsync(AdHocRequest request, CancellationToken ct)
    {
        var created = await invites.CreateAsync(new InviteRequest { Kind = InviteKind.Contact, Creator = request.Requester.Local }, ct);
        return AdHocResult.Completed(Invitation(server.Domain, created));
    }

    /// <summary>The XEP-0401 answer: uri, landing-url and expire.</summary>
    public static Xmpp.Element Invitation(string domain, CreatedInvite created)
    {
        var form = DataForm.Create("result", InvitationFormType, "Your invite has been created");
        DataForm.AddField(form, "uri", "text-single", "Invite link for XMPP apps", InviteLinks.XmppUri(domain, created.Invite, created.Token));
        DataForm.AddField(form, "landing-url", "text-single", "Invite web page", InviteLinks.LandingUrl(domain, created.Token));
        DataForm.AddField(form, "expire", "text-single", "Valid until", DataForm.DateTime(created.Invite.Expires));
        return form;
    }
}
