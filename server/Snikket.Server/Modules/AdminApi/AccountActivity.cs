using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Snikket.Server.Modules.AdminApi;

/// <summary>When an account last had a client connected (Unix seconds): the admin page's "last active" and the active-user metrics.</summary>
internal sealed class AccountActivity
{
    public required string Username { get; init; }

    public required long LastActive { get; set; }

    /// <summary>Maps the entity onto the table created by <c>0007_account_activity.sql</c>.</summary>
    internal sealed class Configuration : IEntityTypeConfiguration<AccountActivity>
    {
        public void Configure(EntityTypeBuilder<AccountActivity> builder)
        {
            builder.ToTable("account_activity");
            builder.HasKey(a => a.Username);
            builder.Property(a => a.Username).HasColumnName("username");
            builder.Property(a => a.LastActive).HasColumnName("last_active");
        }
    }
}
