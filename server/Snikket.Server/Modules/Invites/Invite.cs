using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Snikket.Server.Accounts;

namespace Snikket.Server.Modules.Invites;

/// <summary>
/// One invite (table <c>invites</c>, migration 0006). The token is not here — only its SHA-256:
/// the link can be shown when the invite is created, never again. <see cref="Id"/> is a separate
/// random handle for listing and revoking that grants nothing by itself.
/// </summary>
internal sealed class Invite
{
    public required string Id { get; init; }

    public required byte[] TokenHash { get; init; }

    public required InviteKind Kind { get; init; }

    /// <summary>The inviting user's username; null when the operator or an admin tool made it without one.</summary>
    public string? Creator { get; init; }

    /// <summary>Account invite: the only username it can register. Reset: the account whose password it resets.</summary>
    public string? Username { get; init; }

    /// <summary>The role the new account gets (admin invites carry <see cref="AccountRole.Admin"/>).</summary>
    public AccountRole Role { get; init; } = AccountRole.Normal;

    /// <summary>Contact invites: whether the token may also create an account (<c>ibr=y</c>). True for account and group invites.</summary>
    public bool AllowRegistration { get; init; }

    /// <summary>Whether an account created with it gets a mutual subscription with <see cref="Creator"/>.</summary>
    public bool LinkCreator { get; init; }

    /// <summary>How many times it can be used; null is unlimited (until it expires).</summary>
    public int? MaxUses { get; init; }

    public int Uses { get; set; }

    /// <summary>JSON array of circle ids, or null for "the default circle". See <see cref="CircleIds"/>.</summary>
    public string? Circles { get; init; }

    /// <summary>A note for admins ("for Alice's sister").</summary>
    public string? Note { get; init; }

    /// <summary>Unix seconds.</summary>
    public required long CreatedAt { get; init; }

    /// <summary>Unix seconds.</summary>
    public required long ExpiresAt { get; init; }

    /// <summary>The circles a new account joins: null means the default circle, empty means none.</summary>
    public IReadOnlyList<string>? CircleIds => Circles is null ? null : JsonSerializer.Deserialize(Circles, InviteJson.Default.StringArray);

    public DateTimeOffset Created => DateTimeOffset.FromUnixTimeSeconds(CreatedAt);

    public DateTimeOffset Expires => DateTimeOffset.FromUnixTimeSeconds(ExpiresAt);

    /// <summary>True while it can still be used at <paramref name="now"/>: not expired, uses left.</summary>
    public bool IsUsable(DateTimeOffset now) => ExpiresAt > now.ToUnixTimeSeconds() && (MaxUses is null || Uses < MaxUses);

    internal static string? SerializeCircles(IReadOnlyList<string>? ids) =>
        ids is null ? null : JsonSerializer.Serialize(ids.ToArray(), InviteJson.Default.StringArray);

    /// <summary>Maps the entity onto <c>invites</c>.</summary>
    internal sealed class Configuration : IEntityTypeConfiguration<Invite>
    {
        public void Configure(EntityTypeBuilder<Invite> builder)
        {
            builder.ToTable("invites");
            builder.HasKey(i => i.Id);
            builder.Property(i => i.Id).HasColumnName("id");
            builder.Property(i => i.TokenHash).HasColumnName("token_hash");
            builder.Property(i => i.Kind).HasColumnName("kind").HasConversion(k => k.ToText(), s => InviteKinds.FromText(s));
            builder.Property(i => i.Creator).HasColumnName("creator");
            builder.Property(i => i.Username).HasColumnName("username");
            builder.Property(i => i.Role).HasColumnName("role").HasConversion(r => r.ToText(), s => AccountRoles.FromStored(s));
            builder.Property(i => i.AllowRegistration).HasColumnName("allow_registration");
            builder.Property(i => i.LinkCreator).HasColumnName("link_creator");
            builder.Property(i => i.MaxUses).HasColumnName("max_uses");
            builder.Property(i => i.Uses).HasColumnName("uses");
            builder.Property(i => i.Circles).HasColumnName("circles");
            builder.Property(i => i.Note).HasColumnName("note");
            builder.Property(i => i.CreatedAt).HasColumnName("created_at");
            builder.Property(i => i.ExpiresAt).HasColumnName("expires_at");
            builder.Ignore(i => i.CircleIds);
            builder.Ignore(i => i.Created);
            builder.Ignore(i => i.Expires);
        }
    }
}
