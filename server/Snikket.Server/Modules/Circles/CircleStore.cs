using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Snikket.Server.Storage;

namespace Snikket.Server.Modules.Circles;

/// <summary>
/// Data access for circles and their members (tables <c>circles</c>, <c>circle_members</c>);
/// nothing else touches them. Pure data: the roster effects of a membership change are
/// <see cref="CircleMembership"/>'s, which callers that change members should use instead.
/// </summary>
internal sealed class CircleStore(IDbContextFactory<SnikketDb> dbFactory, TimeProvider time)
{
    public const int MaxNameLength = 100;

    public const int MaxCircles = 1000;

    /// <summary>Creates the default circle (id <c>default</c>) with <paramref name="name"/> if it does not exist yet.</summary>
    public async Task EnsureDefaultAsync(string name, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Set<Circle>().AnyAsync(c => c.Id == Circle.DefaultId, ct))
        {
            return;
        }

        db.Add(new Circle { Id = Circle.DefaultId, Name = CheckName(name), CreatedAt = time.GetUtcNow().ToUnixTimeSeconds() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Created concurrently: the primary key decided, and the circle exists.
        }
    }

    /// <summary>Creates a circle with a new random id. Throws <see cref="ArgumentException"/> for an empty or overlong name, or too many circles.</summary>
    public async Task<CircleInfo> CreateAsync(string name, CancellationToken ct)
    {
        var circle = new Circle
        {
            Id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(9)),
            Name = CheckName(name),
            CreatedAt = time.GetUtcNow().ToUnixTimeSeconds(),
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Set<Circle>().CountAsync(ct) >= MaxCircles)
        {
            throw new ArgumentException($"There can be at most {MaxCircles} circles.", nameof(name));
        }

        db.Add(circle);
        await db.SaveChangesAsync(ct);
        return new CircleInfo(circle.Id, circle.Name, []);
    }

    /// <summary>Renames; returns the old name, or null when there is no such circle.</summary>
    public async Task<string?> RenameAsync(string id, string name, CancellationToken ct)
    {
        name = CheckName(name);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var circle = await db.Set<Circle>().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (circle is null)
        {
            return null;
        }

        var old = circle.Name;
        circle.Name = name;
        await db.SaveChangesAsync(ct);
        return old;
    }

    /// <summary>Deletes the circle and its memberships; returns what it was, or null when there was none.</summary>
    public async Task<CircleInfo?> DeleteAsync(string id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var circle = await GetAsync(db, id, ct);
        if (circle is null)
        {
            return null;
        }

        await db.Set<CircleMember>().Where(m => m.CircleId == id).ExecuteDeleteAsync(ct);
        await db.Set<Circle>().Where(c => c.Id == id).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        return circle;
    }

    /// <summary>Every circle with its members, by name.</summary>
    public async Task<IReadOnlyList<CircleInfo>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var circles = await db.Set<Circle>().AsNoTracking().OrderBy(c => c.Name).ThenBy(c => c.Id).ToListAsync(ct);
        var members = await db.Set<CircleMember>().AsNoTracking().OrderBy(m => m.Username).ToListAsync(ct);
        var byCircle = members.ToLookup(m => m.CircleId, m => m.Username);
        return [.. circles.Select(c => new CircleInfo(c.Id, c.Name, [.. byCircle[c.Id]]))];
    }

    /// <summary>One circle with its members, or null.</summary>
    public async Task<CircleInfo?> GetAsync(string id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await GetAsync(db, id, ct);
    }

    /// <summary>The circles <paramref name="username"/> belongs to, by name.</summary>
    public async Task<IReadOnlyList<CircleInfo>> CirclesOfAsync(string username, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = db.Set<CircleMember>().Where(m => m.Username == username).Select(m => m.CircleId);
        var circles = await db.Set<Circle>().AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.Name).ToListAsync(ct);
        var circleIds = circles.Select(c => c.Id).ToList();
        var members = await db.Set<CircleMember>().AsNoTracking().Where(m => circleIds.Contains(m.CircleId)).OrderBy(m => m.Username).ToListAsync(ct);
        var byCircle = members.ToLookup(m => m.CircleId, m => m.Username);
        return [.. circles.Select(c => new CircleInfo(c.Id, c.Name, [.. byCircle[c.Id]]))];
    }

    /// <summary>Adds a member; false when the circle does not exist or the account already is one.</summary>
    public async Task<bool> AddMemberAsync(string id, string username, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Set<Circle>().AnyAsync(c => c.Id == id, ct)
            || await db.Set<CircleMember>().AnyAsync(m => m.CircleId == id && m.Username == username, ct))
        {
            return false;
        }

        db.Add(new CircleMember { CircleId = id, Username = username, AddedAt = time.GetUtcNow().ToUnixTimeSeconds() });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Added concurrently.
            return false;
        }
    }

    /// <summary>Removes a member; false when it was not one.</summary>
    public async Task<bool> RemoveMemberAsync(string id, string username, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<CircleMember>().Where(m => m.CircleId == id && m.Username == username).ExecuteDeleteAsync(ct) > 0;
    }

    /// <summary>Removes the account from every circle (it was deleted); returns how many memberships went.</summary>
    public async Task<int> RemoveAccountAsync(string username, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<CircleMember>().Where(m => m.Username == username).ExecuteDeleteAsync(ct);
    }

    private static async Task<CircleInfo?> GetAsync(SnikketDb db, string id, CancellationToken ct)
    {
        var circle = await db.Set<Circle>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (circle is null)
        {
            return null;
        }

        var members = await db.Set<CircleMember>().Where(m => m.CircleId == id).OrderBy(m => m.Username).Select(m => m.Username).ToListAsync(ct);
        return new CircleInfo(circle.Id, circle.Name, members);
    }

    private static string CheckName(string name)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0 || trimmed.Length > MaxNameLength || trimmed.Any(char.IsControl))
        {
            throw new ArgumentException($"A circle's name has 1 to {MaxNameLength} characters, without control characters.", nameof(name));
        }

        return trimmed;
    }
}
