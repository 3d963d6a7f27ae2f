using Snikket.Server.Accounts;
using Snikket.Server.Routing;
using Snikket.Server.Sessions;
using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Modules.Invites;

/// <summary>
/// Invite-based onboarding over XMPP. XEP-0445 (the <c>urn:xmpp:ibr-token:0</c> stream feature and
/// the pre-authentication <c>&lt;preauth/&gt;</c> IQ), XEP-0077 registration before authentication
/// (invite-only: it needs a token validated on the stream, or one inside the registration), and
/// XEP-0379 (a subscription request carrying a valid contact token of its addressee is approved
/// at once and made mutual). Bad tokens are limited per connection and per IP address; after a
/// few the stream ends with <c>policy-violation</c>. Also purges unusable invites hourly. The ad-hoc
/// commands that create invites are in this folder too (XEP-0050, see Modules/AdHoc).
/// </summary>
[Xep(445, "0.2.0")]
[Xep(379, "0.3.3")]
[Xep(401, "0.5.0")]
internal sealed partial class InvitesModule(
    InviteStore invites,
    InviteRegistration registration,
    TokenAttempts attempts,
    InvitesOptions options,
    ServerEvents events,
    ILogger<InvitesModule> logger) : IModule
{
    /// <summary>XEP-0379 / XEP-0445 pre-authentication token.</summary>
    public const string ParsNs = "urn:xmpp:pars:0";

    /// <summary>XEP-0445 stream feature: registration with a token is possible.</summary>
    public const string IbrTokenNs = "urn:xmpp:ibr-token:0";

    /// <summary>The older name of the same stream feature, still looked for by some clients.</summary>
    public const string LegacyInviteNs = "urn:xmpp:invite";

    /// <summary>XEP-0077 In-Band Registration.</summary>
    public const string RegisterNs = "jabber:iq:register";

    /// <summary>XEP-0077 §8 stream feature.</summary>
    public const string RegisterFeatureNs = "http://jabber.org/features/iq-register";

    private const string DataFormsNs = "jabber:x:data";

    public void Register(ModuleRegistry module)
    {
        // Offered before authentication only; the stream offers these on encrypted streams only.
        module.AddStreamFeature(StreamStage.BeforeAuth, () => new Element("register", IbrTokenNs));
        module.AddStreamFeature(StreamStage.BeforeAuth, () => new Element("register", LegacyInviteNs));
        module.AddStreamFeature(StreamStage.BeforeAuth, () => new Element("register", RegisterFeatureNs));
        module.OnPreAuthIq(ParsNs, "preauth", PreauthAsync);
        module.OnPreAuthIq(RegisterNs, "query", RegisterAsync);
        module.OnInbound(PreApprovedSubscriptionAsync);
        module.On<AccountDeleted>(async (deleted, ct) => await invites.DeleteForAccountAsync(deleted.Username, ct));
        module.Every(TimeSpan.FromHours(1), async ct => await invites.PurgeAsync(ct));
    }

    /// <summary>XEP-0445 §3: <c>&lt;iq type='set'&gt;&lt;preauth token='…'/&gt;&lt;/iq&gt;</c> validates a token for this stream.</summary>
    private async ValueTask<Element> PreauthAsync(PreAuthIq iq, CancellationToken ct)
    {
        if (!iq.IsSet)
        {
            return iq.Error(StanzaError.BadRequest("Send the token with type 'set'."));
        }

        var state = iq.State.Get<InviteStreamState>();
        var invite = await CheckTokenAsync(iq, iq.Payload.GetAttribute("token"), ct);
        if (invite is null)
        {
            return iq.Error(StanzaError.Forbidden("The invite token is invalid or has expired."));
        }

        if (!invite.AllowRegistration)
        {
            return iq.Error(StanzaError.Forbidden("This invite does not allow creating an account."));
        }

        state.Invite = invite;
        return iq.Result();
    }

    /// <summary>
    /// XEP-0077 before authentication. A get shows the fields; a set registers, with the stream's
    /// validated invite or a &lt;preauth/&gt; inside the query, and nothing else (invite-only).
    /// </summary>
    private async ValueTask<Element> RegisterAsync(PreAuthIq iq, CancellationToken ct)
    {
        var state = iq.State.Get<InviteStreamState>();
        if (!iq.IsSet)
        {
            return RegistrationFields(iq, state.Invite);
        }

        if (state.Registered)
        {
            // XEP-0077 §3.1.1: one new identity per connection.
            return iq.Error(StanzaError.NotAcceptable("This connection already registered an account; log in with it."));
        }

        var query = iq.Payload;
        if (query.Child("remove", RegisterNs) is not null)
        {
            return iq.Error(StanzaError.BadRequest("Log in to cancel a registration."));
        }

        if (query.Child("preauth", ParsNs) is { } preauth)
        {
            state.Invite = await CheckTokenAsync(iq, preauth.GetAttribute("token"), ct);
            if (state.Invite is null)
            {
                return iq.Error(StanzaError.Forbidden("The invite token is invalid or has expired."));
            }
        }

        if (state.Invite is null)
        {
            return iq.Error(StanzaError.NotAllowed("Registration on this server is by invitation only: open your invite link with your app."));
        }

        var form = query.Child("x", DataFormsNs);
        var username = form is null ? query.Child("username", RegisterNs)?.Text : FieldValue(form, "username");
        var password = form is null ? query.Child("password", RegisterNs)?.Text : FieldValue(form, "password");
        var result = await registration.RegisterAsync(state.Invite, username, password, ct);
        switch (result.Outcome)
        {
            case RegistrationOutcome.Created:
            case RegistrationOutcome.PasswordReset:
                state.Registered = true;
                state.Invite = null;
                return iq.Result();
            case RegistrationOutcome.UsernameTaken:
                return iq.Error(StanzaError.Conflict(result.Problem));
            case RegistrationOutcome.InvalidInvite:
            case RegistrationOutcome.NotAllowed:
                state.Invite = null;
                return iq.Error(StanzaError.Forbidden(result.Problem));
            default:
                return iq.Error(StanzaError.NotAcceptable(result.Problem));
        }
    }

    /// <summary>
    /// Looks the token up, within the limits: a blocked address or a stream out of tries ends the
    /// stream before any lookup. Returns the usable invite, or null (counted as a failure).
    /// </summary>
    private async Task<Invite?> CheckTokenAsync(PreAuthIq iq, string? token, CancellationToken ct)
    {
        var state = iq.State.Get<InviteStreamState>();
        if (attempts.IsBlocked(iq.State.RemoteAddress))
        {
            throw new StreamErrorException(StreamErrorCondition.PolicyViolation, "Too many invalid invite tokens from this address; try again later.");
        }

        var invite = await invites.FindAsync(token, ct);
        if (invite is not null)
        {
            return invite;
        }

        state.Failures++;
        attempts.Fail(iq.State.RemoteAddress);
        Log.BadToken(logger, iq.State.RemoteAddress?.ToString() ?? "?", state.Failures);
        if (state.Failures >= options.MaxTokenFailuresPerStream)
        {
            throw new StreamErrorException(StreamErrorCondition.PolicyViolation, "Too many invalid invite tokens.");
        }

        return null;
    }

    private static Element RegistrationFields(PreAuthIq iq, Invite? invite)
    {
        var reply = iq.Result();
        var query = reply.AddElement("query", RegisterNs);
        query.AddElement("instructions", RegisterNs).AddText(invite is null
            ? "Registration on this server is by invitation only: open your invite link with your app."
            : "Choose a username and a password of at least 10 characters.");
        var username = query.AddElement("username", RegisterNs);
        if (invite?.Username is { } fixedName)
        {
            username.AddText(fixedName);
        }

        query.AddElement("password", RegisterNs);
        return reply;
    }

    private static string? FieldValue(Element form, string name) =>
        form.Elements("field", DataFormsNs).FirstOrDefault(f => f.GetAttribute("var") == name)?.Child("value", DataFormsNs)?.Text;

    /// <summary>
    /// XEP-0379 §3.4: a subscription request to a local account carrying a contact token that account
    /// created is approved without asking, and made mutual (<see cref="ContactsLinked"/>; the roster
    /// module writes both rosters and pushes them). Any other request goes on as usual.
    /// </summary>
    private async ValueTask<bool> PreApprovedSubscriptionAsync(ClientSession origin, Element stanza, Jid to, CancellationToken ct)
    {
        if (stanza.Name != "presence" || stanza.GetAttribute("type") != "subscribe" || stanza.Child("preauth", ParsNs) is not { } preauth)
        {
            return false;
        }

        var state = origin.State<ContactTokenState>();
        if (to.Local is null || to.Domain != origin.Jid.Domain || to.Local == origin.Username || state.Failures >= options.MaxTokenFailuresPerStream)
        {
            return false;
        }

        var invite = await invites.FindAsync(preauth.GetAttribute("token"), ct);
        if (invite is null || invite.Kind != InviteKind.Contact || invite.Creator != to.Local || !await invites.UseAsync(invite.Id, ct))
        {
            state.Failures++;
            return false;
        }

        Log.PreApproved(logger, origin.Username, to.Local);
        await events.PublishAsync(new ContactsLinked(to.Local, origin.Username, null), ct);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Invalid invite token from {Address} ({Failures} on this connection)")]
        public static partial void BadToken(ILogger logger, string address, int failures);

        [LoggerMessage(2, LogLevel.Information, "{Subscriber} subscribed to {Contact} with a contact invite")]
        public static partial void PreApproved(ILogger logger, string subscriber, string contact);
    }
}
