using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Snikket.Server.Modules.Vcard;

/// <summary>An account's vcard-temp vCard (XEP-0054), kept as XML text.</summary>
internal sealed class StoredVcard
{
    public required string Username { get; init; }

    /// <summary>The whole <c>&lt;vCard xmlns='vcard-temp'/&gt;</c> element.</summary>
    public required string Content { get; set; }

    /// <summary>Unix time in seconds.</summary>
    public required long UpdatedAt { get; set; }

    /// <summary>Maps the entity onto the table created by <c>0004_account_data.sql</c>.</summary>
    internal sealed class Configuration : IEntityTypeConfiguration<StoredVcard>
    {
        public void Configure(EntityTypeBuilder<StoredVcard> builder)
        {
            builder.ToTable("vcards");
            builder.HasKey(v => v.Username);
            builder.Property(v => v.Username).HasColumnName("username");
            builder.Property(v => v.Content).HasColumnName("content");
            builder.Property(v => v.UpdatedAt).HasColumnName("updated_at");
        }
    }
}
