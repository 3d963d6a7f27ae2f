using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Snikket.Server.Modules.Mam;

/// <summary>
/// One message in one user's archive (XEP-0313 §3: timestamp, the remote JID, a UID and the
/// stanza). A message between two local users is two rows, one per archive, each with its own id.
/// </summary>
internal sealed class ArchivedMessage
{
    /// <summary>The archive id (see <see cref="ArchiveIds"/>); assigned by the writer when the row is appended.</summary>
    public long Id { get; set; }

    /// <summary>The username whose archive this is.</summary>
    public required string Owner { get; init; }

    /// <summary>The other party's bare JID: the recipient of an outgoing message, the sender of an incoming one.</summary>
    public required string WithBare { get; init; }

    /// <summary>The other party's resource, when the message named one.</summary>
    public string? WithResource { get; init; }

    /// <summary>When the server received the message, in Unix milliseconds.</summary>
    public required long Stamp { get; init; }

    /// <summary>The message as received (UTF-8 XML, without the stanza-id the server added).</summary>
    public required byte[] Stanza { get; init; }

    /// <summary>Maps the entity onto the table created by <c>0003_archive.sql</c>.</summary>
    internal sealed class Configuration : IEntityTypeConfiguration<ArchivedMessage>
    {
        public void Configure(EntityTypeBuilder<ArchivedMessage> builder)
        {
            builder.ToTable("archive");
            builder.HasKey(m => m.Id);
            builder.Property(m => m.Id).HasColumnName("id").ValueGeneratedNever();
            builder.Property(m => m.Owner).HasColumnName("owner");
            builder.Property(m => m.WithBare).HasColumnName("with_bare");
            builder.Property(m => m.WithResource).HasColumnName("with_resource");
            builder.Property(m => m.Stamp).HasColumnName("stamp");
            builder.Property(m => m.Stanza).HasColumnName("stanza");
        }
    }
}
