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

    /// <summary>Maps the entity onto the table created by <c>0001_accounts.sql</c>.</summary>
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
        }
    }
}
