using Snikket.Server.Storage;

namespace Snikket.Server.Accounts;

/// <summary>
/// Work that must commit together with an account change, or not at all — consuming an invite when
/// the account it pays for is created. It runs inside the store's transaction, on the same
/// <see cref="SnikketDb"/>, before the account row is written; returning false rolls everything back.
/// The owner of the other table writes the claim (see <c>InviteStore.Claim</c>); the account store
/// only runs it.
/// </summary>
internal delegate Task<bool> AccountClaim(SnikketDb db, CancellationToken ct);
