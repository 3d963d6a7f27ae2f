using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Snikket.Server.Modules.Mam;

/// <summary>
/// A user's archiving preferences as stored (XEP-0441): the default and the two JID lists, one JID
/// per line. <see cref="ArchivePolicy"/> is the parsed form the archive hook consults.
/// </summary>
internal sealed class ArchivePreferences
{
    public required string Owner { get; init; }

    /// <summary><c>always</c>, <c>never</c> or <c>roster</c>.</summary>
    public required string DefaultMode { get; set; }

    /// <summary>JIDs whose messages are always archived, one per line.</summary>
    public required string AlwaysJids { get; set; }

    /// <summary>JIDs whose messages are never archived, one per line.</summary>
    public required string NeverJids { get; set; }

    /// <summary>Maps the entity onto the table created by <c>0003_archive.sql</c>.</summary>
    internal sealed class Configuration : IEntityTypeConfiguration<ArchivePreferences>
    {
        public void Configure(EntityTypeBuilder<ArchivePreferences> builder)
        {
            builder.ToTable("archive_prefs");
            builder.HasKey(p => p.Owner);
            builder.Property(p => p.Owner).HasColumnName("owner");
            builder.Property(p => p.DefaultMode).HasColumnName("default_mode");
            builder.Property(p => p.AlwaysJids).HasColumnName("always_jids");
            builder.Property(p => p.NeverJids).HasColumnName("never_jids");
        }
    }
}
