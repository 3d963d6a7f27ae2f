using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Snikket.AdminApi;
using Snikket.Configuration;
using Snikket.Server.Accounts;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Xmpp;

namespace Snikket.Server.IntegrationTests.Modules.AdminApi;

/// <summary>The admin and public invite API, over real HTTP to the real server, as an admin would use them.</summary>
public abstract class AdminApiTests(DatabaseKind database) : IAsyncLifetime, IDisposable
{
    private TestServer _server = null!;
    private ApiClient _api = null!;
    private string _admin = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(database);
        var accounts = _server.Services.GetRequiredService<AccountStore>();
        await accounts.CreateAsync("root", "root password", 4096, AccountRole.Admin, null, CancellationToken.None);
        await _server.CreateAccountAsync("alice", "alice password");
        _api = new ApiClient(_server.HttpEndPoint);
        _admin = await _api.LoginAsync("root", "root password");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose()
    {
        _api.Dispose();
        GC.SuppressFinalize(this);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task The_user_list_has_every_account_with_role_and_state()
    {
        using var response = await _api.GetAsync("/admin_api/users", _admin);

        var users = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(["alice", "root"], users.EnumerateArray().Select(u => u.GetProperty("username").GetString()).Order());
        Assert.Equal("admin", users.EnumerateArray().Single(u => u.GetProperty("username").GetString() == "root").GetProperty("role").GetString());
        Assert.True(users.EnumerateArray().All(u => u.GetProperty("enabled").GetBoolean()));
    }

    [Fact]
    public async Task Last_active_is_set_once_a_client_has_connected()
    {
        await using (await _server.LoginAsync("alice", "alice password"))
        {
        }

        // The session's events are handled after its bind answer, so the first look may be early.
        var lastActive = JsonValueKind.Null;
        JsonElement user = default;
        for (var deadline = DateTime.UtcNow.AddSeconds(10); lastActive == JsonValueKind.Null && DateTime.UtcNow < deadline; await Task.Delay(50))
        {
            using var response = await _api.GetAsync("/admin_api/users/alice", _admin);
            user = await JsonAsync(response, HttpStatusCode.OK);
            lastActive = user.GetProperty("last_active").ValueKind;
        }

        Assert.True(user.GetProperty("last_active").GetInt64() > DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Locking_a_user_stops_their_login_and_unlocking_restores_it()
    {
        using var locked = await _api.PutAsync("/admin_api/users/alice", "{\"enabled\": false}", _admin);
        using var login = await _api.PostAsync("/auth/login", ApiClient.Json(new { username = "alice", password = "alice password" }));
        using var unlocked = await _api.PatchAsync("/admin_api/users/alice", "{\"enabled\": true}", _admin);

        Assert.False((await JsonAsync(locked, HttpStatusCode.OK)).GetProperty("enabled").GetBoolean());
        await ApiClient.AssertErrorAsync(login, HttpStatusCode.Forbidden, ApiConditions.AccountLocked);
        Assert.True((await JsonAsync(unlocked, HttpStatusCode.OK)).GetProperty("enabled").GetBoolean());
        Assert.False(string.IsNullOrEmpty(await _api.LoginAsync("alice", "alice password")));
    }

    [Fact]
    public async Task Demoting_the_last_admin_is_refused()
    {
        using var response = await _api.PutAsync("/admin_api/users/root", "{\"role\": \"normal\"}", _admin);

        await ApiClient.AssertErrorAsync(response, HttpStatusCode.Conflict, ApiConditions.LastAdmin);
    }

    [Fact]
    public async Task An_unknown_role_is_a_bad_request()
    {
        using var response = await _api.PutAsync("/admin_api/users/alice", "{\"role\": \"superuser\"}", _admin);

        await ApiClient.AssertErrorAsync(response, HttpStatusCode.BadRequest, ApiConditions.BadRequest);
    }

    [Fact]
    public async Task A_role_change_ends_the_users_old_tokens()
    {
        var token = await _api.LoginAsync("alice", "alice password");

        using var promote = await _api.PutAsync("/admin_api/users/alice", "{\"role\": \"admin\"}", _admin);
        using var old = await _api.GetAsync("/user_api/me", token);

        Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        await ApiClient.AssertErrorAsync(old, HttpStatusCode.Unauthorized, ApiConditions.Unauthorized);
    }

    [Fact]
    public async Task Deleting_a_user_removes_the_account()
    {
        using var delete = await _api.DeleteAsync("/admin_api/users/alice", _admin);
        using var after = await _api.GetAsync("/admin_api/users/alice", _admin);

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await ApiClient.AssertErrorAsync(after, HttpStatusCode.NotFound, ApiConditions.NotFound);
    }

    [Fact]
    public async Task An_account_invite_can_be_looked_up_and_registers_exactly_one_account()
    {
        using var create = await _api.PostAsync("/admin_api/invites/account", "{\"note\": \"for newbie\", \"ttl\": 3600}", _admin);
        var invite = await JsonAsync(create, HttpStatusCode.Created);
        var uri = invite.GetProperty("uri").GetString()!;
        var token = uri[(uri.IndexOf("preauth=", StringComparison.Ordinal) + 8)..];

        using var lookup = await _api.GetAsync("/register_api/invite/" + token);
        using var register = await _api.PostAsync("/register_api/register", ApiClient.Json(new { username = "newbie", password = "newbie password", token }));
        using var again = await _api.PostAsync("/register_api/register", ApiClient.Json(new { username = "second", password = "second password", token }));

        var found = await JsonAsync(lookup, HttpStatusCode.OK);
        Assert.Equal("root@localhost", found.GetProperty("inviter").GetString());
        Assert.Equal(uri, found.GetProperty("uri").GetString());
        Assert.Equal("https://localhost/invite/" + token + "/", invite.GetProperty("landing_page").GetString());
        Assert.Equal("newbie@localhost", (await JsonAsync(register, HttpStatusCode.OK)).GetProperty("jid").GetString());
        await ApiClient.AssertErrorAsync(again, HttpStatusCode.NotFound, ApiConditions.InviteInvalid);
        await using var client = await _server.LoginAsync("newbie", "newbie password");
    }

    [Theory]
    [InlineData("alice", "long enough password", HttpStatusCode.Conflict, ApiConditions.UsernameTaken)]
    [InlineData("bad name", "long enough password", HttpStatusCode.BadRequest, ApiConditions.InvalidUsername)]
    [InlineData("<script>", "long enough password", HttpStatusCode.BadRequest, ApiConditions.InvalidUsername)]
    [InlineData("fine", "short", HttpStatusCode.BadRequest, ApiConditions.PasswordTooShort)]
    public async Task Registration_errors_have_their_own_conditions(string username, string password, HttpStatusCode status, string condition)
    {
        using var create = await _api.PostAsync("/admin_api/invites/account", "{}", _admin);
        var uri = (await JsonAsync(create, HttpStatusCode.Created)).GetProperty("uri").GetString()!;
        var token = uri[(uri.IndexOf("preauth=", StringComparison.Ordinal) + 8)..];

        using var response = await _api.PostAsync("/register_api/register", ApiClient.Json(new { username, password, token }));

        await ApiClient.AssertErrorAsync(response, status, condition);
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_forged_token_is_invite_invalid(string token)
    {
        using var response = await _api.GetAsync("/register_api/invite/" + token);

        await ApiClient.AssertErrorAsync(response, HttpStatusCode.NotFound, ApiConditions.InviteInvalid);
    }

    [Fact]
    public async Task A_revoked_invite_no_longer_resolves()
    {
        using var create = await _api.PostAsync("/admin_api/invites/account", "{}", _admin);
        var invite = await JsonAsync(create, HttpStatusCode.Created);
        var uri = invite.GetProperty("uri").GetString()!;

        using var revoke = await _api.DeleteAsync("/admin_api/invites/" + invite.GetProperty("id").GetString(), _admin);
        using var lookup = await _api.GetAsync("/register_api/invite/" + uri[(uri.IndexOf("preauth=", StringComparison.Ordinal) + 8)..]);

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        await ApiClient.AssertErrorAsync(lookup, HttpStatusCode.NotFound, ApiConditions.InviteInvalid);
    }

    [Fact]
    public async Task Listed_invites_carry_no_token()
    {
        using var create = await _api.PostAsync("/admin_api/invites/account", "{\"note\": \"listed\"}", _admin);
        await JsonAsync(create, HttpStatusCode.Created);

        using var list = await _api.GetAsync("/admin_api/invites", _admin);

        var invite = (await JsonAsync(list, HttpStatusCode.OK)).EnumerateArray().Single(i => i.GetProperty("note").GetString() == "listed");
        Assert.Equal(JsonValueKind.Null, invite.GetProperty("uri").ValueKind);
        Assert.Equal(JsonValueKind.Null, invite.GetProperty("landing_page").ValueKind);
    }

    [Fact]
    public async Task A_reset_invite_sets_a_new_password()
    {
        using var create = await _api.PostAsync("/admin_api/invites/reset", "{\"username\": \"alice\"}", _admin);
        var invite = await JsonAsync(create, HttpStatusCode.Created);
        var uri = invite.GetProperty("uri").GetString()!;

        using var register = await _api.PostAsync("/register_api/register", ApiClient.Json(new { username = "alice", password = "alice reset password", token = uri[(uri.IndexOf("preauth=", StringComparison.Ordinal) + 8)..] }));

        Assert.True(invite.GetProperty("reset").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        Assert.False(string.IsNullOrEmpty(await _api.LoginAsync("alice", "alice reset password")));
    }

    [Fact]
    public async Task An_oversize_note_is_refused()
    {
        using var response = await _api.PostAsync("/admin_api/invites/account", ApiClient.Json(new { note = new string('n', 600) }), _admin);

        await ApiClient.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, ApiConditions.PayloadTooLarge);
    }

    [Fact]
    public async Task A_group_invite_needs_a_circle()
    {
        using var response = await _api.PostAsync("/admin_api/invites/group", "{\"groups\": []}", _admin);

        await ApiClient.AssertErrorAsync(response, HttpStatusCode.BadRequest, ApiConditions.BadRequest);
    }

    [Fact]
    public async Task Circles_can_be_created_renamed_filled_emptied_and_deleted()
    {
        using var create = await _api.PostAsync("/admin_api/groups", "{\"name\": \"<b>Family</b>\"}", _admin);
        var id = (await JsonAsync(create, HttpStatusCode.Created)).GetProperty("id").GetString()!;

        using var rename = await _api.PutAsync($"/admin_api/groups/{id}", "{\"name\": \"Friends\"}", _admin);
        using var add = await _api.PutAsync($"/admin_api/groups/{id}/members/alice", null, _admin);
        using var withAlice = await _api.GetAsync($"/admin_api/groups/{id}", _admin);
        using var remove = await _api.DeleteAsync($"/admin_api/groups/{id}/members/alice", _admin);
        using var delete = await _api.DeleteAsync($"/admin_api/groups/{id}", _admin);
        using var gone = await _api.GetAsync($"/admin_api/groups/{id}", _admin);

        Assert.Equal("Friends", (await JsonAsync(rename, HttpStatusCode.OK)).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NoContent, add.StatusCode);
        Assert.Equal(["alice"], (await JsonAsync(withAlice, HttpStatusCode.OK)).GetProperty("members").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(HttpStatusCode.NoContent, remove.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await ApiClient.AssertErrorAsync(gone, HttpStatusCode.NotFound, ApiConditions.NotFound);
    }

    [Fact]
    public async Task A_circle_name_with_script_is_returned_as_data()
    {
        using var create = await _api.PostAsync("/admin_api/groups", ApiClient.Json(new { name = "<script>alert(1)</script>" }), _admin);

        var text = await create.Content.ReadAsStringAsync();

        Assert.Equal("application/json", create.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<script>", text, StringComparison.Ordinal);
        Assert.Equal("<script>alert(1)</script>", JsonDocument.Parse(text).RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Adding_an_unknown_user_to_a_circle_is_404()
    {
        using var create = await _api.PostAsync("/admin_api/groups", "{\"name\": \"Club\"}", _admin);
        var id = (await JsonAsync(create, HttpStatusCode.Created)).GetProperty("id").GetString()!;

        using var add = await _api.PutAsync($"/admin_api/groups/{id}/members/nobody", null, _admin);

        await ApiClient.AssertErrorAsync(add, HttpStatusCode.NotFound, ApiConditions.NotFound);
    }

    [Fact]
    public async Task Server_info_names_the_site_and_version()
    {
        using var response = await _api.GetAsync("/admin_api/server/info", _admin);

        var info = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("Test server", info.GetProperty("site_name").GetString());
        Assert.Equal("localhost", info.GetProperty("domain").GetString());
        Assert.False(string.IsNullOrEmpty(info.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task Metrics_come_as_openmetrics_text_when_asked()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin_api/server/metrics");
        request.Headers.Authorization = new("Bearer", _admin);
        request.Headers.Accept.ParseAdd("application/openmetrics-text; version=1.0.0");

        using var response = await _api.Http.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/openmetrics-text", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("snikket_accounts 2\n", text, StringComparison.Ordinal);
        Assert.EndsWith("# EOF\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_as_json_count_connected_sessions()
    {
        await using var alice = await _server.LoginAsync("alice", "alice password");

        using var response = await _api.GetAsync("/admin_api/server/metrics", _admin);

        var metrics = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(1, metrics.GetProperty("c2s").GetInt32());
        Assert.Equal(1, metrics.GetProperty("users").GetProperty("active_1d").GetInt32());
    }

    [Fact]
    public async Task An_announcement_to_online_users_arrives_from_the_domain()
    {
        await using var alice = await _server.LoginAsync("alice", "alice password");
        await alice.BecomeAvailableAsync();

        using var response = await _api.PostAsync("/admin_api/server/announcement", ApiClient.Json(new { recipients = "online", body = "Maintenance at noon" }), _admin);
        var message = await alice.ReadUntilAsync("message");

        Assert.Equal(1, (await JsonAsync(response, HttpStatusCode.Created)).GetProperty("recipients").GetInt32());
        Assert.Equal("localhost", message.GetAttribute("from"));
        Assert.Equal("Maintenance at noon", message.Child("body", Ns.Client)!.Text);
    }

    [Fact]
    public async Task An_announcement_to_all_users_reaches_an_offline_user_on_login()
    {
        using var response = await _api.PostAsync("/admin_api/server/announcement", ApiClient.Json(new { recipients = "all", body = "New app version out" }), _admin);
        Assert.Equal(2, (await JsonAsync(response, HttpStatusCode.Created)).GetProperty("recipients").GetInt32());

        await using var alice = await _server.LoginAsync("alice", "alice password");
        await alice.SendRawAsync("<presence/>");
        var message = await alice.ReadUntilAsync("message");

        Assert.Equal("localhost", message.GetAttribute("from"));
        Assert.Equal("New app version out", message.Child("body", Ns.Client)!.Text);
    }

    [Fact]
    public async Task Enabling_a_user_pending_deletion_restores_them()
    {
        await using (var alice = await _server.LoginAsync("alice", "alice password"))
        {
            await alice.SendRawAsync("<iq type='set' id='bye'><query xmlns='jabber:iq:register'><remove/></query></iq>");
            Assert.Equal("result", (await alice.ReadUntilAsync("iq")).GetAttribute("type"));

            // The deletion is recorded after the answer; the stream ending says it was.
            await alice.ExpectStreamErrorAsync("not-authorized");
        }

        using var pending = await _api.GetAsync("/admin_api/users/alice", _admin);
        Assert.Equal(JsonValueKind.Object, (await JsonAsync(pending, HttpStatusCode.OK)).GetProperty("deletion_request").ValueKind);

        using var restored = await _api.PatchAsync("/admin_api/users/alice", "{\"enabled\": true}", _admin);

        var user = await JsonAsync(restored, HttpStatusCode.OK);
        Assert.True(user.GetProperty("enabled").GetBoolean());
        Assert.True(!user.TryGetProperty("deletion_request", out var request) || request.ValueKind == JsonValueKind.Null);
        await using var back = await _server.LoginAsync("alice", "alice password");
    }

    [Fact]
    public async Task An_announcement_with_unknown_recipients_is_refused()
    {
        using var response = await _api.PostAsync("/admin_api/server/announcement", ApiClient.Json(new { recipients = "everyone", body = "hi" }), _admin);

        await ApiClient.AssertErrorAsync(response, HttpStatusCode.BadRequest, ApiConditions.BadRequest);
    }
}

public sealed class AdminApiTestsOnSqlite() : AdminApiTests(DatabaseKind.Sqlite);

public sealed class AdminApiTestsOnPostgres() : AdminApiTests(DatabaseKind.PostgreSql);
