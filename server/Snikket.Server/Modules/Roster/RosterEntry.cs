namespace Snikket.Server.Modules.Roster;

/// <summary>
/// One contact as seen from one user's roster, loaded for an edit by <see cref="RosterStore.UpdateAsync"/>:
/// the roster item (null when the contact is not in the roster) and the contact's unanswered
/// subscription request (null when there is none). An edit changes these; the store saves the difference.
/// </summary>
internal sealed class RosterEntry(string username, string jid, RosterItem? item, string? pendingRequest)
{
    public string Username => username;

    /// <summary>The contact's bare JID.</summary>
    public string Jid => jid;

    /// <summary>The roster item; set to null to remove the contact from the roster.</summary>
    public RosterItem? Item { get; set; } = item;

    /// <summary>The contact's pending subscription request (serialised stanza); null when none.</summary>
    public string? PendingRequest { get; set; } = pendingRequest;

    /// <summary>The roster item, created with subscription none when the contact is not in the roster yet.</summary>
    public RosterItem GetOrCreateItem() => Item ??= new RosterItem { Username = username, Jid = jid };
}
