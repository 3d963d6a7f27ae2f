using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Snikket.Server.Modules.Offline;

/// <summary>A message kept for an account that had no available session when it arrived (XEP-0160).</summary>
internal sealed class OfflineMessage
{
    /// <summary>Assigned by the database; increasing, so it gives the delivery order.</summary>
    public long Id { get; init; }

    /// <summary>The recipient's username.</summary>
    public required string Owner { get; init; }

    /// <summary>The sender's bare JID.</summary>
    public required string Sender { get; init; }

    /// <summary>When the server stored it, in Unix milliseconds (the XEP-0203 delay stamp on delivery).</summary>
    public required long Stamp { get; init; }

    /// <summary>The message as it would have been delivered (UTF-8 XML, with the archive's stanza-id).</summary>
    public required byte[] Stanza { get; init; }

    /// <summary>Maps the entity onto the table created by <c>0003_archive.sql</c>.</summary>
    internal sealed class Configuration : IEntityTypeConfiguration<OfflineMessage>
    {
        public void Configure(EntityTypeBuilder<OfflineMessage> builder)
        {
            builder.ToTable("offline_messages");
            builder.HasKey(m => m.Id);
            builder.Property(m => m.Id).HasColumnName("id").ValueGeneratedOnAdd();
            builder.Property(m => m.Owner).HasColumnName("owner");
            builder.Property(m => m.Sender).HasColumnName("sender");
            builder.Property(m => m.Stamp).HasColumnName("stamp");
            builder.Property(m => m.Stanza).HasColumnName("stanza");
        }
    }
}
