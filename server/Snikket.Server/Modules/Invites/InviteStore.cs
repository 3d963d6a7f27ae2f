using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Snikket.Server.Accounts;
using Snikket.Server.Storage;

namespace Snikket.Server.Modules.Invites;

/// <summary>
/// Data access for invites (table <c>invites</c>); nothing else touches it. Tokens are generated
/// here and returned once (<see cref="CreatedInvite"/>); lookups take the token and compare hashes.
/// A use is counted by <see cref="Claim"/>, a conditional UPDATE that runs inside the transaction
/// creating the account, so an invite can never pay for more accounts than it allows.
/// </summary>
internal sealed class InviteStore(IDbContextFactory<SnikketDb> dbFactory, TimeProvider time)
{
    /// <summary>Snikket's (Prosody's) default validity of an invite.</summary>
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(7);

    /// <summary>Validity of a password-reset invite.</summary>
    public static readonly TimeSpan ResetValidity = TimeSpan.FromDays(1);

    /// <summary>Longest validity accepted.</summary>
    public static readonly TimeSpan MaxValidity = TimeSpan.FromDays(366);

    public const int MaxNoteLength = 500;

    public const int MaxCircles = 50;

    /// <summary>
    /// Creates an invite. Rules: a reset names its account; a contact invite names its creator and
    /// always links the new account with them; only group invites may be used more than once (their
    /// <see cref="InviteRequest.MaxUses"/> is null or at least 1). Throws <see cref="ArgumentException"/>
    /// with a sentence for the user when the request breaks one of them.
    /// </summary>
    public async Task<CreatedInvite> CreateAsync(InviteRequest request, CancellationToken ct)
    {
        var validFor = request.ValidFor ?? (request.Kind == InviteKind.Reset ? ResetValidity : DefaultValidity);
        if (validFor <= TimeSpan.Zero || validFor > MaxValidity)
        {
            throw new ArgumentException($"An invite is valid for between a second and {MaxValidity.TotalDays:0} days.", nameof(request));
        }

        if (request.Kind == InviteKind.Reset && string.IsNullOrEmpty(request.Username))
        {
            throw new ArgumentException("A password reset needs the account's username.", nameof(request));
        }

        if (request.Kind == InviteKind.Contact && string.IsNullOrEmpty(request.Creator))
        {
            throw new ArgumentException("A contact invite needs the inviting user.", nameof(request));
        }

        if (request.Kind == InviteKind.Group ? request.MaxUses is < 1 : request.MaxUses is not (null or 1))
        {
            throw new ArgumentException("Only group invites can be used more than once, and at least once.", nameof(request));
        }

        if (request.Note is { Length: > MaxNoteLength })
        {
            throw new ArgumentException($"The note is limited to {MaxNoteLength} characters.", nameof(request));
        }

        if (request.Circles is { Count: > MaxCircles })
        {
            throw new ArgumentException($"An invite can name at most {MaxCircles} circles.", nameof(request));
        }

        var token = InviteToken.New();
        var now = time.GetUtcNow();
        var invite = new Invite
        {
            Id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(9)),
            TokenHash = InviteToken.Hash(token),
            Kind = request.Kind,
            Creator = request.Creator,
            Username = request.Kind is InviteKind.Account or InviteKind.Reset ? request.Username : null,
            Role = request.Kind == InviteKind.Reset ? AccountRole.Normal : request.Role,
            AllowRegistration = request.Kind != InviteKind.Contact || request.AllowRegistration,
            LinkCreator = request.Creator is not null && (request.Kind == InviteKind.Contact || request.LinkCreator),
            MaxUses = request.Kind == InviteKind.Group ? request.MaxUses : 1,
            Circles = Invite.SerializeCircles(request.Circles),
            Note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim(),
            CreatedAt = now.ToUnixTimeSeconds(),
            ExpiresAt = (now + validFor).ToUnixTimeSeconds(),
        };

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Add(invite);
        await db.SaveChangesAsync(ct);
        return new CreatedInvite(invite, token);
    }

    /// <summary>
    /// The usable invite (not expired, uses left) the token belongs to, or null — the same null for
    /// a forged, expired, used-up or revoked token, so an answer reveals nothing about which.
    /// </summary>
    public async Task<Invite?> FindAsync(string? token, CancellationToken ct)
    {
        if (!InviteToken.IsWellFormed(token))
        {
            return null;
        }

        var hash = InviteToken.Hash(token!);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var invite = await db.Set<Invite>().AsNoTracking().FirstOrDefaultAsync(i => i.TokenHash == hash, ct);
        return invite is not null && InviteToken.HashesEqual(invite.TokenHash, hash) && invite.IsUsable(time.GetUtcNow()) ? invite : null;
    }

    /// <summary>One invite by id (used or not, expired or not), or null.</summary>
    public async Task<Invite?> GetAsync(string id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<Invite>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
    }

    /// <summary>Usable invites, newest first; only <paramref name="creator"/>'s when given.</summary>
    public async Task<IReadOnlyList<Invite>> ListPendingAsync(string? creator, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Set<Invite>().AsNoTracking().Where(i => i.ExpiresAt > now && (i.MaxUses == null || i.Uses < i.MaxUses));
        if (creator is not null)
        {
            query = query.Where(i => i.Creator == creator);
        }

        return await query.OrderByDescending(i => i.CreatedAt).ThenBy(i => i.Id).ToListAsync(ct);
    }

    /// <summary>Revokes (deletes) an invite; only if <paramref name="creator"/> made it, when given. False when there was none.</summary>
    public async Task<bool> RevokeAsync(string id, string? creator, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Set<Invite>().Where(i => i.Id == id);
        if (creator is not null)
        {
            query = query.Where(i => i.Creator == creator);
        }

        return await query.ExecuteDeleteAsync(ct) > 0;
    }

    /// <summary>
    /// Counts one use of the invite, if it is still usable when the transaction gets there. For
    /// <see cref="AccountStore.CreateAsync(string, string, int, AccountRole, AccountClaim?, CancellationToken)"/>:
    /// the UPDATE's condition is evaluated under the row lock (PostgreSQL re-checks it after waiting
    /// for a concurrent user; SQLite runs one writer at a time), so the last use is taken once.
    /// </summary>
    public AccountClaim Claim(string inviteId) => async (db, ct) =>
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var updated = await db.Set<Invite>()
            .Where(i => i.Id == inviteId && i.ExpiresAt > now && (i.MaxUses == null || i.Uses < i.MaxUses))
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.Uses, i => i.Uses + 1), ct);
        return updated == 1;
    };

    /// <summary>Counts one use outside an account transaction (a contact invite used to subscribe); false when it was used up meanwhile.</summary>
    public async Task<bool> UseAsync(string inviteId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Claim(inviteId)(db, ct);
    }

    /// <summary>Deletes invites that can no longer be used (expired or used up); returns how many.</summary>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<Invite>().Where(i => i.ExpiresAt <= now || (i.MaxUses != null && i.Uses >= i.MaxUses)).ExecuteDeleteAsync(ct);
    }

    /// <summary>
    /// An account is gone: its contact invites would link new people to nobody, and a reset for
    /// it would reset nothing, so both go. Invites it made as an admin stay valid.
    /// </summary>
    public async Task<int> DeleteForAccountAsync(string username, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<Invite>()
            .Where(i => (i.Creator == username && i.LinkCreator) || (i.Kind == InviteKind.Reset && i.Username == username))
            .ExecuteDeleteAsync(ct);
    }
}
