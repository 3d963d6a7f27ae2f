namespace Snikket.Server.Accounts;

/// <summary>
/// Two local accounts should have each other in their rosters with a mutual (<c>both</c>)
/// subscription, in roster group <paramref name="Group"/> when one is given (a circle's name).
/// Published by invites (XEP-0379, XEP-0401 contact invites) and circles; handled by the roster
/// module, which must treat a repeat as a no-op (circles re-publish on every login).
/// </summary>
internal sealed record ContactsLinked(string UserA, string UserB, string? Group);
