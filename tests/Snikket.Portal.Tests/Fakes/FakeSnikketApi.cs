using System.Collections.Concurrent;
using System.Net;
using Snikket.AdminApi;

namespace Snikket.Portal.Tests.Fakes;

/// <summary>
/// An in-memory stand-in for the server's API, with the same error conditions: accounts with
/// passwords and roles, invites by token, circles. Records what was asked of it so tests can
/// check that a refused form changed nothing.
/// </summary>
internal sealed class FakeSnikketApi : ISnikketApi
{
    public const string Domain = "chat.example";

    public ConcurrentDictionary<string, (string Password, string Role, bool Locked)> Users { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, InviteLookup> Invites { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, InviteInfo> AdminInvites { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, CircleInfo> Circles { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>When each account's client was last connected (Unix seconds); absent for never.</summary>
    public ConcurrentDictionary<string, long> LastActive { get; } = new(StringComparer.Ordinal);

    /// <summary>Accounts whose owners asked to be deleted, with the end of the grace period (Unix seconds).</summary>
    public ConcurrentDictionary<string, long> PendingDeletions { get; } = new(StringComparer.Ordinal);

    public void AddUser(string username, string password, string role = ApiRoles.Normal) => Users[username] = (password, role, false);

    public InviteLookup AddInvite(string token, string? inviter = "alice@chat.example", bool reset = false, string? jid = null)
    {
        var invite = new InviteLookup("Example Chat", Domain, token, $"xmpp:{Domain}?register;preauth={token}", "register", jid, inviter, reset, !reset, 1_900_000_000);
        Invites[token] = invite;
        return invite;
    }

    public Task<TokenResponse> LoginAsync(string username, string password, CancellationToken ct)
    {
        Calls.Enqueue("login");
        var name = username.Split('@')[0];
        if (!Users.TryGetValue(name, out var user) || user.Password != password)
        {
            throw new ApiException(HttpStatusCode.Unauthorized, ApiConditions.InvalidCredentials, "Wrong address or password.");
        }

        if (user.Locked)
        {
            throw new ApiException(HttpStatusCode.Forbidden, ApiConditions.AccountLocked, "The account is locked.");
        }

        return Task.FromResult(new TokenResponse("token-" + name, name + "@" + Domain, user.Role, DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeSeconds()));
    }

    public Task<UserInfo> GetMeAsync(string token, CancellationToken ct) => Task.FromResult(Info(Caller(token)));

    public Task ChangePasswordAsync(string token, string currentPassword, string newPassword, CancellationToken ct)
    {
        var name = Caller(token);
        if (Users[name].Password != currentPassword)
        {
            throw new ApiException(HttpStatusCode.Forbidden, ApiConditions.InvalidCredentials, "The current password is wrong.");
        }

        if (newPassword.Length < 10)
        {
            throw new ApiException(HttpStatusCode.BadRequest, ApiConditions.PasswordTooShort, "Too short.");
        }

        Users[name] = Users[name] with { Password = newPassword };
        Calls.Enqueue("password");
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<UserInfo>> ListUsersAsync(string token, CancellationToken ct)
    {
        Admin(token);
        return Task.FromResult<IReadOnlyList<UserInfo>>([.. Users.Keys.Order(StringComparer.Ordinal).Select(Info)]);
    }

    public Task<UserInfo> GetUserAsync(string token, string username, CancellationToken ct)
    {
        Admin(token);
        return Users.ContainsKey(username) ? Task.FromResult(Info(username)) : throw NotFound();
    }

    public Task<UserInfo> UpdateUserAsync(string token, string username, UserUpdate update, CancellationToken ct)
    {
        Admin(token);
        if (!Users.TryGetValue(username, out var user))
        {
            throw NotFound();
        }

        Users[username] = (user.Password, update.Role ?? user.Role, update.Enabled is { } enabled ? !enabled : user.Locked);
        if (update.Enabled is true)
        {
            // As the server: enabling an account also cancels its pending deletion.
            PendingDeletions.TryRemove(username, out _);
        }

        Calls.Enqueue($"update {username}");
        return Task.FromResult(Info(username));
    }

    public Task DeleteUserAsync(string token, string username, CancellationToken ct)
    {
        Admin(token);
        Calls.Enqueue($"delete {username}");
        return Users.TryRemove(username, out _) ? Task.CompletedTask : throw NotFound();
    }

    public Task<IReadOnlyList<InviteInfo>> ListInvitesAsync(string token, CancellationToken ct)
    {
        Admin(token);
        return Task.FromResult<IReadOnlyList<InviteInfo>>([.. AdminInvites.Values]);
    }

    public Task<InviteInfo> GetInviteAsync(string token, string id, CancellationToken ct)
    {
        Admin(token);
        return AdminInvites.TryGetValue(id, out var invite) ? Task.FromResult(invite with { Uri = null, LandingPage = null }) : throw NotFound();
    }

    public Task<InviteInfo> CreateAccountInviteAsync(string token, AccountInviteRequest request, CancellationToken ct) =>
        Create(token, reusable: false, request.Groups ?? [CircleInfo.DefaultId], request.Roles ?? [], request.Note, request.Ttl, null);

    public Task<InviteInfo> CreateGroupInviteAsync(string token, GroupInviteRequest request, CancellationToken ct) =>
        Create(token, reusable: true, request.Groups, request.Roles ?? [], request.Note, request.Ttl, request.MaxUses);

    public Task<InviteInfo> CreateResetInviteAsync(string token, ResetInviteRequest request, CancellationToken ct) =>
        Create(token, reusable: false, [], [], null, 86400, null, reset: request.Username);

    public Task RevokeInviteAsync(string token, string id, CancellationToken ct)
    {
        Admin(token);
        Calls.Enqueue($"revoke {id}");
        return AdminInvites.TryRemove(id, out _) ? Task.CompletedTask : throw NotFound();
    }

    public Task<IReadOnlyList<CircleInfo>> ListCirclesAsync(string token, CancellationToken ct)
    {
        Admin(token);
        return Task.FromResult<IReadOnlyList<CircleInfo>>([.. Circles.Values.OrderBy(c => c.Name, StringComparer.Ordinal)]);
    }

    public Task<CircleInfo> GetCircleAsync(string token, string id, CancellationToken ct) => Task.FromResult(Circle(token, id));

    public Task<CircleInfo> CreateCircleAsync(string token, CircleCreateRequest request, CancellationToken ct)
    {
        Admin(token);
        var circle = new CircleInfo("made" + (Circles.Count + 1), request.Name, [], []);
        Circles[circle.Id] = circle;
        return Task.FromResult(circle);
    }

    public Task<CircleInfo> RenameCircleAsync(string token, string id, string name, CancellationToken ct)
    {
        var circle = Circle(token, id) with { Name = name };
        Circles[id] = circle;
        return Task.FromResult(circle);
    }

    public Task DeleteCircleAsync(string token, string id, CancellationToken ct)
    {
        Admin(token);
        return Circles.TryRemove(id, out _) ? Task.CompletedTask : throw NotFound();
    }

    public Task AddCircleMemberAsync(string token, string id, string username, CancellationToken ct)
    {
        var circle = Circle(token, id);
        Circles[id] = circle with { Members = [.. circle.Members, username] };
        return Task.CompletedTask;
    }

    public Task RemoveCircleMemberAsync(string token, string id, string username, CancellationToken ct)
    {
        var circle = Circle(token, id);
        Circles[id] = circle with { Members = [.. circle.Members.Where(m => m != username)] };
        return Task.CompletedTask;
    }

    public Task<ServerInfoResponse> GetServerInfoAsync(string token, CancellationToken ct)
    {
        Admin(token);
        return Task.FromResult(new ServerInfoResponse("Example Chat", Domain, "1.2.3"));
    }

    public Task<ServerMetrics> GetMetricsAsync(string token, CancellationToken ct)
    {
        Admin(token);
        return Task.FromResult(new ServerMetrics(100 * 1024 * 1024, new CpuMetric(0, 1), 2, Users.Count, new ActiveUsers(1, 1, 1)));
    }

    public Task<AnnouncementResult> AnnounceAsync(string token, AnnouncementRequest request, CancellationToken ct)
    {
        Admin(token);
        Calls.Enqueue($"announce {request.Recipients}: {request.Body}");
        return Task.FromResult(new AnnouncementResult(Users.Count));
    }

    public Task<HealthResponse> GetHealthAsync(CancellationToken ct) => Task.FromResult(new HealthResponse("ok", 2, 3));

    public Task<InviteLookup> LookupInviteAsync(string inviteToken, CancellationToken ct) =>
        Invites.TryGetValue(inviteToken, out var invite)
            ? Task.FromResult(invite)
            : throw new ApiException(HttpStatusCode.NotFound, ApiConditions.InviteInvalid, "No such invite.");

    public Task<RegisterResponse> RegisterAsync(RegisterRequest request, CancellationToken ct)
    {
        Calls.Enqueue($"register {request.Username}");
        if (!Invites.TryGetValue(request.Token, out var invite))
        {
            throw new ApiException(HttpStatusCode.NotFound, ApiConditions.InviteInvalid, "No such invite.");
        }

        if (request.Username.Contains(' ', StringComparison.Ordinal) || request.Username.Contains('<', StringComparison.Ordinal))
        {
            throw new ApiException(HttpStatusCode.BadRequest, ApiConditions.InvalidUsername, "Bad username.");
        }

        if (request.Password.Length < 10)
        {
            throw new ApiException(HttpStatusCode.BadRequest, ApiConditions.PasswordTooShort, "Too short.");
        }

        if (!invite.Reset && Users.ContainsKey(request.Username))
        {
            throw new ApiException(HttpStatusCode.Conflict, ApiConditions.UsernameTaken, "Taken.");
        }

        Users[request.Username] = (request.Password, ApiRoles.Normal, false);
        Invites.TryRemove(request.Token, out _);
        return Task.FromResult(new RegisterResponse(request.Username + "@" + Domain));
    }

    /// <summary>The circle as an admin's request finds it; unknown ids are the API's 404.</summary>
    private CircleInfo Circle(string token, string id)
    {
        Admin(token);
        return Circles.TryGetValue(id, out var circle) ? circle : throw NotFound();
    }

    private Task<InviteInfo> Create(string token, bool reusable, IReadOnlyList<string> groups, IReadOnlyList<string> roles, string? note, long? ttl, int? maxUses, string? reset = null)
    {
        Admin(token);
        if (note is { Length: > 500 })
        {
            // The server's limit and answer.
            throw new ApiException(HttpStatusCode.RequestEntityTooLarge, ApiConditions.PayloadTooLarge, "The note is longer than 500 characters.");
        }

        var id = "inv" + (AdminInvites.Count + 1);
        var secret = "secret-" + id;
        var invite = new InviteInfo(
            id, "register", reusable, Caller(token) + "@" + Domain, reset is null ? null : reset + "@" + Domain,
            $"xmpp:{Domain}?register;preauth={secret}", $"https://{Domain}/invite/{secret}/",
            DateTimeOffset.UtcNow.ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + (ttl ?? 604800),
            groups, roles, "portal", reset is not null, note, maxUses, 0);
        AdminInvites[id] = invite;
        Calls.Enqueue($"create {id}");
        return Task.FromResult(invite);
    }

    private UserInfo Info(string name)
    {
        var user = Users[name];
        var deletion = PendingDeletions.TryGetValue(name, out var until) ? new DeletionRequest(until - 86400, until) : null;
        return new UserInfo(name, name + "@" + Domain, null, user.Role, !user.Locked && deletion is null, 0, LastActive.TryGetValue(name, out var seen) ? seen : null, deletion, []);
    }

    private string Caller(string token)
    {
        var name = token.StartsWith("token-", StringComparison.Ordinal) ? token[6..] : "";
        return Users.ContainsKey(name) ? name : throw new ApiException(HttpStatusCode.Unauthorized, ApiConditions.Unauthorized, "Bad token.");
    }

    private void Admin(string token)
    {
        if (Users[Caller(token)].Role != ApiRoles.Admin)
        {
            throw new ApiException(HttpStatusCode.Forbidden, ApiConditions.Forbidden, "Admins only.");
        }
    }

    private static ApiException NotFound() => new(HttpStatusCode.NotFound, ApiConditions.NotFound, "Not found.");
}
