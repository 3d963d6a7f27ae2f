namespace Snikket.Server.Modules.Invites;

/// <summary>A new invite and its token: the only moment the token (and so the link) is known.</summary>
internal sealed record CreatedInvite(Invite Invite, string Token);
