using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Snikket.Server.Modules.LastActivity;

/// <summary>When an account's last session ended, and the status it left with (XEP-0012 §3).</summary>
internal sealed class LastLogout
{
    public required string Username { get; init; }

    /// <summary>Unix time in seconds.</summary>
    public required long LogoutAt { get; set; }

    /// <summary>The <c>&lt;status/&gt;</c> text of the last unavailable presence, if it had one.</summary>
    public string? Status { get; set; }

    /// <summary>Maps the entity onto the table created by <c>0004_account_data.sql</c>.</summary>
    internal sealed class Configuration : IEntityTypeConfiguration<LastLogout>
    {
        public void Configure(EntityTypeBuilder<LastLogout> builder)
        {
            builder.ToTable("last_activity");
            builder.HasKey(l => l.Username);
            builder.Property(l => l.Username).HasColumnName("username");
            builder.Property(l => l.LogoutAt).HasColumnName("logout_at");
            builder.Property(l => l.Status).HasColumnName("status");
        }
    }
}
