using Snikket.AdminApi;
using Snikket.Server.Accounts;
using Snikket.Server.Hosting;
using Snikket.Xmpp;
using Snikket.Xmpp.Sasl;

namespace Snikket.Server.Modules.AdminApi;

/// <summary>
/// The API's view of accounts: preparing usernames people type, checking passwords, and what
/// authorisation and the user list need (role, lock, last activity). Reads the account directory
/// and the activity store; owns no data of its own.
/// </summary>
internal sealed class ApiAccounts(AccountStore accounts, ActivityStore activity, ApiTokens tokens, ServerInfo server)
{
    // Verified against when the account does not exist, so an unknown name costs as much time as a
    // wrong password (no probing for names by timing).
    private readonly ScramCredential _decoy = ScramCredential.Create(ScramHash.Sha256, "decoy password, never matches", ScramCredential.MinimumIterations);

    /// <summary>
    /// The JID localpart for what someone typed: a bare username or a full address on this
    /// domain. Null when it is neither (another domain, a resource, invalid characters, too long).
    /// </summary>
    public string? PrepareUsername(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > Jid.MaxPartBytes)
        {
            return null;
        }

        var text = input.Trim();
        if (text.Contains('@', StringComparison.Ordinal))
        {
            return Jid.TryParse(text, out var full) && full.Resource is null && full.Local is not null && full.Domain == server.Domain
                ? full.Local
                : null;
        }

        return Jid.TryCreate(text, server.Domain, null, out var jid, out _) && !text.Contains('/', StringComparison.Ordinal)
            ? jid.Local
            : null;
    }

    public string JidOf(string username) => username + "@" + server.Domain;

    /// <summary>True when the account exists and the password is its password.</summary>
    public async Task<bool> CheckPasswordAsync(string? username, string password, CancellationToken ct)
    {
        var credential = username is null ? null : await accounts.GetCredentialAsync(username, ScramHash.Sha256, ct);
        if (credential is null)
        {
            _decoy.Verify(password);
            return false;
        }

        return credential.Verify(password);
    }

    /// <summary>Role, lock state and current token stamp of an account; null when it does not exist.</summary>
    public async Task<AccountAccess?> GetAccessAsync(string username, CancellationToken ct)
    {
        var credential = await accounts.GetCredentialAsync(username, ScramHash.Sha256, ct);
        if (credential is null)
        {
            return null;
        }

        // TODO: roles and locks come with the account changes of issue 4 (Accounts/).
        return new AccountAccess(username, ApiRoles.Normal, Locked: false, tokens.Stamp(credential.StoredKey));
    }

    /// <summary>Issues a token for an account whose password was just checked.</summary>
    public async Task<TokenResponse?> IssueTokenAsync(string username, CancellationToken ct)
    {
        var credential = await accounts.GetCredentialAsync(username, ScramHash.Sha256, ct);
        var access = await GetAccessAsync(username, ct);
        if (credential is null || access is null)
        {
            return null;
        }

        var (token, expires) = tokens.Issue(username, access.Role, credential.StoredKey);
        return new TokenResponse(token, JidOf(username), access.Role, expires.ToUnixTimeSeconds());
    }

    public async Task<UserInfo?> GetUserAsync(string username, CancellationToken ct)
    {
        var access = await GetAccessAsync(username, ct);
        return access is null ? null : ToInfo(access, await activity.LastActiveAsync(username, ct));
    }

    public async Task<IReadOnlyList<UserInfo>> ListUsersAsync(CancellationToken ct)
    {
        var lastActive = await activity.AllAsync(ct);
        var users = new List<UserInfo>();
        foreach (var username in await accounts.ListAsync(ct))
        {
            var access = await GetAccessAsync(username, ct);
            if (access is not null)
            {
                users.Add(ToInfo(access, lastActive.TryGetValue(username, out var seen) ? seen : null));
            }
        }

        return users;
    }

    private UserInfo ToInfo(AccountAccess access, long? lastActive) =>
        new(access.Username, JidOf(access.Username), DisplayName: null, access.Role, Enabled: !access.Locked, CreatedAt: 0, lastActive, DeletionRequest: null, Groups: []);
}
