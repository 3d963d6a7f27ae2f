using Snikket.AdminApi;
using Snikket.Server.Accounts;
using Snikket.Server.Hosting;
using Snikket.Server.Modules.Circles;
using Snikket.Xmpp;
using Snikket.Xmpp.Sasl;

namespace Snikket.Server.Modules.AdminApi;

/// <summary>
/// The API's view of accounts: preparing usernames people type, checking passwords, and what
/// authorisation and the user list need (role, lock, last activity). Reads the account directory
/// and the activity store; owns no data of its own.
/// </summary>
internal sealed class ApiAccounts(AccountStore accounts, CircleStore circles, ActivityStore activity, ApiTokens tokens, ServerInfo server)
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

    /// <summary>Role, lock state (locked or waiting to be deleted) and current token stamp of an account; null when it does not exist.</summary>
    public async Task<AccountAccess?> GetAccessAsync(string username, CancellationToken ct)
    {
        var login = await accounts.GetLoginAsync(username, ScramHash.Sha256, ct);
        var role = await accounts.GetRoleAsync(username, ct);
        if (login is null || role is null)
        {
            return null;
        }

        return new AccountAccess(username, role.Value.ToText(), login.Value.Disabled, tokens.Stamp(login.Value.Credential.StoredKey));
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
        var account = await accounts.GetAsync(username, ct);
        return account is null
            ? null
            : ToInfo(account, await activity.LastActiveAsync(username, ct), [.. (await circles.CirclesOfAsync(username, ct)).Select(c => c.Id)]);
    }

    public async Task<IReadOnlyList<UserInfo>> ListUsersAsync(CancellationToken ct)
    {
        var lastActive = await activity.AllAsync(ct);
        var memberships = (await circles.ListAsync(ct))
            .SelectMany(c => c.Members.Select(m => (Member: m, c.Id)))
            .ToLookup(m => m.Member, m => m.Id, StringComparer.Ordinal);
        return [.. (await accounts.ListInfoAsync(ct)).Select(a => ToInfo(a, lastActive.TryGetValue(a.Username, out var seen) ? seen : null, [.. memberships[a.Username]]))];
    }

    private UserInfo ToInfo(AccountInfo account, long? lastActive, IReadOnlyList<string> groups) =>
        new(
            account.Username,
            JidOf(account.Username),
            DisplayName: null,
            account.Role.ToText(),
            Enabled: !account.Locked && account.DeleteAfter is null,
            account.CreatedAt.ToUnixTimeSeconds(),
            lastActive,
            account.DeleteAfter is { } after
                ? new DeletionRequest((account.DeletionRequestedAt ?? account.CreatedAt).ToUnixTimeSeconds(), after.ToUnixTimeSeconds())
                : null,
            groups);
}
