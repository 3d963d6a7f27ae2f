namespace Snikket.Server.Accounts;

/// <summary>
/// The reason two local accounts were linked in roster group <paramref name="Group"/> is gone (one
/// left the circle). The roster module takes the group off both items, and removes an item (with
/// its subscriptions) when that was its last group.
/// </summary>
internal sealed record ContactsUnlinked(string UserA, string UserB, string Group);
