using Snikket.AdminApi;

namespace Snikket.Portal.Invites;

/// <summary>Looks an invite token up, turning "no such usable invite" into null.</summary>
public static class InviteLookups
{
    /// <summary>Tokens are 128+ random bits in base64url; anything much longer is not one of ours.</summary>
    public const int MaxTokenLength = 256;

    public static async Task<InviteLookup?> FindAsync(ISnikketApi api, string token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return null;
        }

        try
        {
            return await api.LookupInviteAsync(token, ct);
        }
        catch (ApiException e) when (e.Status is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.BadRequest)
        {
            return null;
        }
    }
}
