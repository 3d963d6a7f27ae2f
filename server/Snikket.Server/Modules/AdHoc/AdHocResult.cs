using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Modules.AdHoc;

/// <summary>What a command step returns: a form to fill in (executing), a finished result, or an error.</summary>
internal sealed record AdHocResult(AdHocStatus Status, Element? Form, string? Note, StanzaError? Error)
{
    /// <summary>Asks the user to fill in <paramref name="form"/> (a <c>type='form'</c> data form).</summary>
    public static AdHocResult Ask(Element form) => new(AdHocStatus.Executing, form, null, null);

    /// <summary>Done; optionally with a <c>type='result'</c> form and a note.</summary>
    public static AdHocResult Completed(Element? form, string? note = null) => new(AdHocStatus.Completed, form, note, null);

    /// <summary>Ends the command with a stanza error (bad input, refused).</summary>
    public static AdHocResult Failed(StanzaError error) => new(AdHocStatus.Canceled, null, null, error);
}
