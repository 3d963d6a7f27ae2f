using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Snikket.Server.Modules.Blocking;

/// <summary>
/// A report sent with a block (XEP-0377), kept for the server's administrators: who reported whom,
/// why, in the reporter's words, and which archived messages (XEP-0359 stanza ids) they pointed at.
/// One per reporter and reported JID; a new report replaces the old one.
/// </summary>
internal sealed class AbuseReport
{
    public long Id { get; init; }

    /// <summary>The reporting account's username.</summary>
    public required string Reporter { get; init; }

    /// <summary>The reported (and blocked) JID, canonical.</summary>
    public required string Jid { get; init; }

    /// <summary>The reason URI, e.g. <c>urn:xmpp:reporting:spam</c> (§4).</summary>
    public required string Reason { get; init; }

    /// <summary>The reporter's explanation, if any.</summary>
    public string? Text { get; init; }

    /// <summary>Reported messages, one <c>by</c> and <c>id</c> pair per line separated by a space; null when none.</summary>
    public string? StanzaIds { get; init; }

    /// <summary>Unix time in seconds.</summary>
    public required long CreatedAt { get; init; }

    /// <summary>Maps the entity onto the table created by <c>0005_blocking.sql</c>.</summary>
    internal sealed class Configuration : IEntityTypeConfiguration<AbuseReport>
    {
        public void Configure(EntityTypeBuilder<AbuseReport> builder)
        {
            builder.ToTable("abuse_reports");
            builder.HasKey(r => r.Id);
            builder.Property(r => r.Id).HasColumnName("id").ValueGeneratedOnAdd();
            builder.Property(r => r.Reporter).HasColumnName("reporter");
            builder.Property(r => r.Jid).HasColumnName("jid");
            builder.Property(r => r.Reason).HasColumnName("reason");
            builder.Property(r => r.Text).HasColumnName("text");
            builder.Property(r => r.StanzaIds).HasColumnName("stanza_ids");
            builder.Property(r => r.CreatedAt).HasColumnName("created_at");
            builder.HasIndex(r => new { r.Reporter, r.Jid }).IsUnique().HasDatabaseName("abuse_reports_reporter_jid");
        }
    }
}
