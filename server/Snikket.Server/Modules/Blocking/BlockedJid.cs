using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Snikket.Server.Modules.Blocking;

/// <summary>One entry of a user's block list (XEP-0191): a canonical JID, of any of the four forms of §5.</summary>
internal sealed class BlockedJid
{
    public required string Username { get; init; }

    public required string Jid { get; init; }

    /// <summary>Maps the entity onto the table created by <c>0005_blocking.sql</c>.</summary>
    internal sealed class Configuration : IEntityTypeConfiguration<BlockedJid>
    {
        public void Configure(EntityTypeBuilder<BlockedJid> builder)
        {
            builder.ToTable("blocklist");
            builder.HasKey(b => new { b.Username, b.Jid });
            builder.Property(b => b.Username).HasColumnName("username");
            builder.Property(b => b.Jid).HasColumnName("jid");
        }
    }
}
