using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Snikket.Server.Modules.Roster;

/// <summary>
/// One contact in a user's roster (RFC 6121 §2.1.2): the contact's bare JID, the name and groups
/// the user gave it, and the subscription state with its pending request and pre-approval flags.
/// </summary>
internal sealed class RosterItem
{
    /// <summary>The roster's owner (a local username).</summary>
    public required string Username { get; init; }

    /// <summary>The contact's bare JID, prepared.</summary>
    public required string Jid { get; init; }

    public string? Name { get; set; }

    public Subscription Subscription { get; set; }

    /// <summary>The user asked to subscribe and the contact has not answered (RFC 6121 §2.1.2.2 ask='subscribe').</summary>
    public bool Ask { get; set; }

    /// <summary>The user pre-approved a subscription request from the contact (RFC 6121 §3.4).</summary>
    public bool Approved { get; set; }

    public List<string> Groups { get; set; } = [];

    /// <summary>Whether the contact receives the user's presence.</summary>
    public bool HasFrom => (Subscription & Subscription.From) != 0;

    /// <summary>Whether the user receives the contact's presence.</summary>
    public bool HasTo => (Subscription & Subscription.To) != 0;

    /// <summary>A detached copy, to compare what an edit changed.</summary>
    public RosterItem Copy() => new()
    {
        Username = Username,
        Jid = Jid,
        Name = Name,
        Subscription = Subscription,
        Ask = Ask,
        Approved = Approved,
        Groups = [.. Groups],
    };

    /// <summary>Same contact data (name, groups, subscription, flags).</summary>
    public bool SameAs(RosterItem other) =>
        Jid == other.Jid && Name == other.Name && Subscription == other.Subscription && Ask == other.Ask
        && Approved == other.Approved && Groups.SequenceEqual(other.Groups, StringComparer.Ordinal);

    /// <summary>Maps the entity onto the table created by <c>0002_roster.sql</c>.</summary>
    internal sealed class Configuration : IEntityTypeConfiguration<RosterItem>
    {
        public void Configure(EntityTypeBuilder<RosterItem> builder)
        {
            builder.ToTable("roster_items");
            builder.HasKey(i => new { i.Username, i.Jid });
            builder.Property(i => i.Username).HasColumnName("username");
            builder.Property(i => i.Jid).HasColumnName("jid");
            builder.Property(i => i.Name).HasColumnName("name");
            builder.Property(i => i.Subscription).HasColumnName("subscription").HasConversion(
                s => s == Subscription.Both ? "both" : s == Subscription.From ? "from" : s == Subscription.To ? "to" : "none",
                s => s == "both" ? Subscription.Both : s == "from" ? Subscription.From : s == "to" ? Subscription.To : Subscription.None);
            builder.Property(i => i.Ask).HasColumnName("ask");
            builder.Property(i => i.Approved).HasColumnName("approved");
            builder.Property(i => i.Groups).HasColumnName("group_names").HasConversion(
                groups => JsonSerializer.Serialize(groups, RosterJson.Default.ListString),
                json => JsonSerializer.Deserialize(json, RosterJson.Default.ListString) ?? new List<string>(),
                new ValueComparer<List<string>>(
                    (a, b) => a!.SequenceEqual(b!),
                    groups => groups.Aggregate(0, (hash, g) => HashCode.Combine(hash, g.GetHashCode(StringComparison.Ordinal))),
                    groups => groups.ToList()));
            builder.Ignore(i => i.HasFrom);
            builder.Ignore(i => i.HasTo);
        }
    }
}
