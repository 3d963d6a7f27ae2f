using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Snikket.Server.Modules.Private;

/// <summary>One XML fragment an account stored with XEP-0049, keyed by its root's namespace and name.</summary>
internal sealed class PrivateFragment
{
    public required string Username { get; init; }

    public required string Namespace { get; init; }

    /// <summary>The fragment's root element name.</summary>
    public required string Element { get; init; }

    /// <summary>The whole fragment as XML text.</summary>
    public required string Content { get; set; }

    /// <summary>Unix time in seconds.</summary>
    public required long UpdatedAt { get; set; }

    /// <summary>Maps the entity onto the table created by <c>0004_account_data.sql</c>.</summary>
    internal sealed class Configuration : IEntityTypeConfiguration<PrivateFragment>
    {
        public void Configure(EntityTypeBuilder<PrivateFragment> builder)
        {
            builder.ToTable("private_xml");
            builder.HasKey(f => new { f.Username, f.Namespace, f.Element });
            builder.Property(f => f.Username).HasColumnName("username");
            builder.Property(f => f.Namespace).HasColumnName("namespace");
            builder.Property(f => f.Element).HasColumnName("element");
            builder.Property(f => f.Content).HasColumnName("content");
            builder.Property(f => f.UpdatedAt).HasColumnName("updated_at");
        }
    }
}
