using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Snikket.Server.Modules.Circles;

/// <summary>A named group of accounts whose members see each other in their rosters (table <c>circles</c>, migration 0006).</summary>
internal sealed class Circle
{
    /// <summary>The id of the circle new accounts join unless their invite names others.</summary>
    public const string DefaultId = "default";

    public required string Id { get; init; }

    /// <summary>Shown in the portal and used as the roster group of the members' entries.</summary>
    public required string Name { get; set; }

    /// <summary>Unix seconds.</summary>
    public required long CreatedAt { get; init; }

    /// <summary>Maps the entity onto <c>circles</c>.</summary>
    internal sealed class Configuration : IEntityTypeConfiguration<Circle>
    {
        public void Configure(EntityTypeBuilder<Circle> builder)
        {
            builder.ToTable("circles");
            builder.HasKey(c => c.Id);
            builder.Property(c => c.Id).HasColumnName("id");
            builder.Property(c => c.Name).HasColumnName("name");
            builder.Property(c => c.CreatedAt).HasColumnName("created_at");
        }
    }
}
