namespace Snikket.Server.Modules.Invites;

/// <summary>A session's failed XEP-0379 tokens: after a few, its tokens are no longer looked at.</summary>
internal sealed class ContactTokenState
{
    public int Failures { get; set; }
}
