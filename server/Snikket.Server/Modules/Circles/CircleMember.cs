using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Snikket.Server.Modules.Circles;

/// <summary>One account's membership of one circle (table <c>circle_members</c>).</summary>
internal sealed class CircleMember
{
    public required string CircleId { get; init; }

    public required string Username { get; init; }

    /// <summary>Unix seconds.</summary>
    public required long AddedAt { get; init; }

    /// <summary>Maps the entity onto <c>circle_members</c>.</summary>
    internal sealed class Configuration : IEntityTypeConfiguration<CircleMember>
    {
        public void Configure(EntityTypeBuilder<CircleMember> builder)
        {
            builder.ToTable("circle_members");
            builder.HasKey(m => new { m.CircleId, m.Username });
            builder.Property(m => m.CircleId).HasColumnName("circle_id");
            builder.Property(m => m.Username).HasColumnName("username");
            builder.Property(m => m.AddedAt).HasColumnName("added_at");
        }
    }
}
