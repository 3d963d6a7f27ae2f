namespace Snikket.Server.Modules.Invites;

/// <summary>One unauthenticated stream's invite: the one its preauth token validated, failed tries, and whether it registered.</summary>
internal sealed class InviteStreamState
{
    public Invite? Invite { get; set; }

    public int Failures { get; set; }

    public bool Registered { get; set; }
}
