using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Snikket.Server.Modules.Roster;

/// <summary>
/// An inbound subscription request the user has not answered (RFC 6121 §3.1.3: "pending in"). It
/// is no roster item: a stranger asking does not put itself in the user's roster.
/// </summary>
internal sealed class PendingSubscription
{
    /// <summary>The user asked (a local username).</summary>
    public required string Username { get; init; }

    /// <summary>The bare JID that asked.</summary>
    public required string Jid { get; init; }

    /// <summary>The request as it arrived, serialised, re-sent on each initial presence.</summary>
    public required string Stanza { get; set; }

    /// <summary>Unix time in seconds.</summary>
    public required long CreatedAt { get; init; }

    /// <summary>Maps the entity onto the table created by <c>0002_roster.sql</c>.</summary>
    internal sealed class Configuration : IEntityTypeConfiguration<PendingSubscription>
    {
        public void Configure(EntityTypeBuilder<PendingSubscription> builder)
        {
            builder.ToTable("roster_pending");
            builder.HasKey(p => new { p.Username, p.Jid });
            builder.Property(p => p.Username).HasColumnName("username");
            builder.Property(p => p.Jid).HasColumnName("jid");
            builder.Property(p => p.Stanza).HasColumnName("stanza");
            builder.Property(p => p.CreatedAt).HasColumnName("created_at");
        }
    }
}
