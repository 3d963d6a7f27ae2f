using Snikket.Server.Accounts;
using Snikket.Server.Routing;
using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Modules.Register;

/// <summary>
/// XEP-0077 In-Band Registration for logged-in users: see one's registration, change the password
/// (§3.3), and cancel the registration (§3.2), which here starts the deletion grace period
/// (<c>SNIKKET_RETENTION_DAYS</c>) during which an admin can restore the account. Hourly, accounts
/// whose grace period is over are deleted for good. Registering a new account happens before
/// authentication, with an invite: see Modules/Invites.
/// </summary>
[Xep(77, "2.4")]
internal sealed partial class RegisterModule(AccountStore accounts, AccountLifecycle lifecycle, RegisterOptions options, ILogger<RegisterModule> logger) : IModule
{
    public const string Ns = "jabber:iq:register";

    private const string DataFormsNs = "jabber:x:data";

    public void Register(ModuleRegistry module)
    {
        module.OnIq(IqType.Get, To.Host, Ns, "query", GetAsync);
        module.OnIq(IqType.Get, To.Bare, Ns, "query", GetAsync);
        module.OnIq(IqType.Set, To.Host, Ns, "query", SetAsync);
        module.OnIq(IqType.Set, To.Bare, Ns, "query", SetAsync);
        module.Every(options.PurgeInterval, async ct => await lifecycle.PurgeDueAsync(ct));
    }

    /// <summary>XEP-0077 §3.1: a registered entity sees &lt;registered/&gt; and its username (never a password).</summary>
    private static ValueTask GetAsync(IqRequest iq, CancellationToken ct)
    {
        if (!IsOwnAccountOrServer(iq))
        {
            return iq.ErrorAsync(StanzaError.ServiceUnavailable(), ct);
        }

        var reply = iq.Result();
        var query = reply.AddElement("query", Ns);
        query.AddElement("registered", Ns);
        query.AddElement("username", Ns).AddText(iq.From.Local!);
        return iq.ReplyAsync(reply, ct);
    }

    private async ValueTask SetAsync(IqRequest iq, CancellationToken ct)
    {
        if (!IsOwnAccountOrServer(iq))
        {
            await iq.ErrorAsync(StanzaError.ServiceUnavailable(), ct);
            return;
        }

        var query = iq.Payload;
        if (query.Child("remove", Ns) is not null)
        {
            await CancelAsync(iq, ct);
            return;
        }

        await ChangePasswordAsync(iq, ct);
    }

    /// <summary>
    /// XEP-0077 §3.2: &lt;remove/&gt; must be alone. The reply goes out first, then the account's
    /// sessions end with <c>not-authorized</c>; the account stays restorable for the grace period.
    /// The last admin cannot leave the server without one.
    /// </summary>
    private async ValueTask CancelAsync(IqRequest iq, CancellationToken ct)
    {
        if (iq.Payload.Elements().Count() != 1)
        {
            await iq.ErrorAsync(StanzaError.BadRequest("<remove/> must be the only child of the query."), ct);
            return;
        }

        var username = iq.From.Local!;
        var info = await accounts.GetAsync(username, ct);
        if (info is null)
        {
            await iq.ErrorAsync(StanzaError.ItemNotFound(), ct);
            return;
        }

        if (info.Role == AccountRole.Admin && !info.Disabled && await accounts.CountActiveAdminsAsync(ct) <= 1)
        {
            await iq.ErrorAsync(StanzaError.NotAllowed("You are the only administrator: make someone else an administrator first."), ct);
            return;
        }

        await iq.ReplyAsync(iq.Result(), ct);
        var change = await lifecycle.RequestDeletionAsync(username, ct);
        Log.Cancelled(logger, username, change.ToString());
    }

    /// <summary>
    /// XEP-0077 §3.3: &lt;username/&gt; and &lt;password/&gt; (or the same fields in a data form).
    /// The username must be the sender's own; an empty password changes nothing (bad-request); the
    /// password policy applies (not-acceptable, with the reason).
    /// </summary>
    private async ValueTask ChangePasswordAsync(IqRequest iq, CancellationToken ct)
    {
        var query = iq.Payload;
        var form = query.Child("x", DataFormsNs);
        var username = form is null ? query.Child("username", Ns)?.Text : FieldValue(form, "username");
        var password = form is null ? query.Child("password", Ns)?.Text : FieldValue(form, "password");
        if (string.IsNullOrEmpty(password))
        {
            await iq.ErrorAsync(StanzaError.BadRequest("Give the new password in <password/>."), ct);
            return;
        }

        if (!string.IsNullOrEmpty(username) && !IsOwnName(username, iq.From))
        {
            await iq.ErrorAsync(StanzaError.NotAllowed("You can only change your own password."), ct);
            return;
        }

        if (PasswordPolicy.Problem(password) is { } problem)
        {
            await iq.ErrorAsync(StanzaError.NotAcceptable(problem), ct);
            return;
        }

        if (!await accounts.SetPasswordAsync(iq.From.Local!, password, options.ScramIterations, ct))
        {
            await iq.ErrorAsync(StanzaError.ItemNotFound(), ct);
            return;
        }

        Log.PasswordChanged(logger, iq.From.Local!);
        await iq.ReplyAsync(iq.Result(), ct);
    }

    /// <summary>The request is to the server or to the sender's own account (an IQ without 'to' is the latter).</summary>
    private static bool IsOwnAccountOrServer(IqRequest iq) => iq.To.IsDomain || iq.To.Bare == iq.From.Bare;

    /// <summary>A username as a localpart or a bare JID (XEP-0077's form example uses the JID).</summary>
    private static bool IsOwnName(string username, Jid from) =>
        Jid.TryParse(username.Contains('@', StringComparison.Ordinal) ? username : $"{username}@{from.Domain}", out var jid)
        && jid.Resource is null && jid.Bare == from.Bare;

    private static string? FieldValue(Element form, string name) =>
        form.Elements("field", DataFormsNs).FirstOrDefault(f => f.GetAttribute("var") == name)?.Child("value", DataFormsNs)?.Text;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "{Username} changed their password")]
        public static partial void PasswordChanged(ILogger logger, string username);

        [LoggerMessage(2, LogLevel.Information, "{Username} cancelled their registration: {Change}")]
        public static partial void Cancelled(ILogger logger, string username, string change);
    }
}
