namespace Snikket.Server.Modules.Roster;

/// <summary>
/// What an edit did to one roster entry. <see cref="Before"/> and <see cref="After"/> are detached
/// copies of the item (null when not in the roster); <see cref="Version"/> is the roster version
/// after the edit, raised only when the item changed.
/// </summary>
internal sealed record RosterChange(RosterItem? Before, RosterItem? After, bool PendingChanged, long Version, bool Refused = false)
{
    /// <summary>The roster item was added, changed or removed (so interested resources get a push).</summary>
    public bool ItemChanged => Before is null ? After is not null : After is null || !Before.SameAs(After);

    /// <summary>The contact gained or lost the user's presence (the <c>from</c> direction changed).</summary>
    public bool FromChanged => (Before?.HasFrom ?? false) != (After?.HasFrom ?? false);
}
