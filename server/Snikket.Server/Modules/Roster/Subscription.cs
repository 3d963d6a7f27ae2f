namespace Snikket.Server.Modules.Roster;

/// <summary>
/// The subscription state of a roster item (RFC 6121 §2.1.2.5), as two independent directions:
/// <see cref="To"/> (the user receives the contact's presence) and <see cref="From"/> (the contact
/// receives the user's).
/// </summary>
[Flags]
internal enum Subscription
{
    None = 0,
    To = 1,
    From = 2,
    Both = To | From,
}
