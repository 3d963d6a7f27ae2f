using Snikket.Server.Accounts;
using Snikket.Xmpp;

namespace Snikket.Server.Modules.AdHoc;

/// <summary>A command run: who asks (full JID, role) and the <c>jabber:x:data</c> form they submitted, if any.</summary>
internal sealed record AdHocRequest(Jid Requester, AccountRole Role, Element? Form)
{
    /// <summary>A submitted field's first value, or null.</summary>
    public string? Value(string var) => Form is null ? null : DataForm.Value(Form, var);
}
