using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Snikket.Server.Accounts;

/// <summary>
/// A local user. Holds SCRAM keys for both hash functions we offer (so a client choosing either
/// mechanism can log in), never the password itself.
/// </summary>
internal sealed class Account
{
    public required string Username { get; init; }

    public required byte[] ScramSha1Salt { get; set; }

    public required int ScramSha1Iterations { get; set; }

    public required byte[] ScramSha1StoredKey { get; set; }

    public required byte[] ScramSha1ServerKey { get; set; }

    public required byte[] ScramSha256Salt { get; set; }

    public required int ScramSha256Iterations { get; set; }

    public required byte[] ScramSha256StoredKey { get; set; }

    public required byte[] ScramSha256ServerKey { get; set; }

    /// <summary>Unix time in seconds.</summary>
    public required long CreatedAt { get; init; }

    /// <summary>What the account may do (added by <c>0006_invites.sql</c>).</summary>
    public AccountRole Role { get; set; } = AccountRole.Normal;

    /// <summary>A locked account cannot log in (SASL <c>account-disabled</c>).</summary>
    public bool Locked { get; set; }

    /// <summary>Unix seconds when the user asked for the account's deletion; null unless a deletion is pending.</summary>
    public long? DeletionRequestedAt { get; set; }

    /// <summary>Unix seconds after which a pending deletion happens for good; null unless one is pending.</summary>
    public long? DeleteAfter { get; set; }

    /// <summary>Maps the entity onto the table created by <c>0001_accounts.sql</c> and extended by <c>0006_invites.sql</c>.</summary>
    internal sealed class Configuration : IEntityTypeConfiguration<Account>
    {
        public void Configure(EntityTypeBuilder<Account> builder)
        {
            builder.ToTable("accounts");
            builder.HasKey(a => a.Username);
            builder.Property(a => a.Username).HasColumnName("username");
            builder.Property(a => a.ScramSha1Salt).HasColumnName("scram_sha1_salt");
            builder.Property(a => a.ScramSha1Iterations).HasColumnName("scram_sha1_iterations");
            builder.Property(a => a.ScramSha1StoredKey).HasColumnName("scram_sha1_stored_key");
            builder.Property(a => a.ScramSha1ServerKey).HasColumnName("scram_sha1_server_key");
            builder.Property(a => a.ScramSha256Salt).HasColumnName("scram_sha256_salt");
            builder.Property(a => a.ScramSha256Iterations).HasColumnName("scram_sha256_iterations");
            builder.Property(a => a.ScramSha256StoredKey).HasColumnName("scram_sha256_stored_key");
            builder.Property(a => a.ScramSha256ServerKey).HasColumnName("scram_sha256_server_key");
            builder.Property(a => a.CreatedAt).HasColumnName("created_at");
            builder.Property(a => a.Role).HasColumnName("role").HasConversion(r => r.ToText(), s => AccountRoles.FromStored(s));
            builder.Property(a => a.Locked).HasColumnName("locked");
            builder.Property(a => a.DeletionRequestedAt).HasColumnName("deletion_requested_at");
            builder.Property(a => a.DeleteAfter).HasColumnName("delete_after");
        }
    }
}
