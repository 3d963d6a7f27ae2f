using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Snikket.Server.Modules.Roster;

/// <summary>
/// A user's roster version (RFC 6121 §2.6): raised by every change, sent as the opaque 'ver'.
/// The row is also the lock that serialises changes to one roster.
/// </summary>
internal sealed class RosterVersion
{
    public required string Username { get; init; }

    public long Version { get; set; }

    /// <summary>Maps the entity onto the table created by <c>0002_roster.sql</c>.</summary>
    internal sealed class Configuration : IEntityTypeConfiguration<RosterVersion>
    {
        public void Configure(EntityTypeBuilder<RosterVersion> builder)
        {
            builder.ToTable("roster_versions");
            builder.HasKey(v => v.Username);
            builder.Property(v => v.Username).HasColumnName("username");
            builder.Property(v => v.Version).HasColumnName("version");
        }
    }
}
