using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Snikket.AdminApi;
using Snikket.Configuration;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Server.Modules.AdminApi;
using Snikket.Xmpp.Sasl;

namespace Snikket.Server.IntegrationTests.Modules.AdminApi;

/// <summary>The internal API's login and token checks, over real HTTP to the real server.</summary>
public abstract class AuthApiTests(DatabaseKind database) : IAsyncLifetime, IDisposable
{
    private TestServer _server = null!;
    private ApiClient _api = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(database);
        await _server.CreateAccountAsync("alice", "alice password");
        _api = new ApiClient(_server.HttpEndPoint);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose()
    {
        _api.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Login_with_the_right_password_gives_a_token_for_the_account()
    {
        using var response = await _api.PostAsync("/auth/login", ApiClient.Json(new { username = "alice", password = "alice password" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await ApiClient.ReadJsonAsync(response);
        Assert.Equal("alice@localhost", body.RootElement.GetProperty("username").GetString());
        Assert.Equal("normal", body.RootElement.GetProperty("role").GetString());
        Assert.True(body.RootElement.GetProperty("expires_at").GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("token").GetString()));
    }

    [Fact]
    public async Task Login_accepts_the_full_address()
    {
        var token = await _api.LoginAsync("Alice@localhost", "alice password");

        using var me = await _api.GetAsync("/user_api/me", token);

        using var body = await ApiClient.ReadJsonAsync(me);
        Assert.Equal("alice", body.RootElement.GetProperty("username").GetString());
    }

    [Fact]
    public async Task Login_with_a_wrong_password_is_401_invalid_credentials()
    {
        using var response = await _api.PostAsync("/auth/login", ApiClient.Json(new { username = "alice", password = "not the password" }));

        await ApiClient.AssertErrorAsync(response, HttpStatusCode.Unauthorized, ApiConditions.InvalidCredentials);
    }

    [Fact]
    public async Task Login_as_an_unknown_user_gets_the_same_answer_as_a_wrong_password()
    {
        using var unknown = await _api.PostAsync("/auth/login", ApiClient.Json(new { username = "nobody", password = "not the password" }));
        using var wrong = await _api.PostAsync("/auth/login", ApiClient.Json(new { username = "alice", password = "not the password" }));

        Assert.Equal(await wrong.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        Assert.Equal(wrong.StatusCode, unknown.StatusCode);
    }

    [Theory]
    [InlineData("alice@elsewhere.example")]
    [InlineData("alice@localhost/phone")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("")]
    public async Task Login_with_an_address_that_is_not_a_local_account_is_401(string username)
    {
        using var response = await _api.PostAsync("/auth/login", ApiClient.Json(new { username, password = "alice password" }));

        await ApiClient.AssertErrorAsync(response, HttpStatusCode.Unauthorized, ApiConditions.InvalidCredentials);
    }

    [Fact]
    public async Task Login_with_malformed_json_is_400_bad_request()
    {
        using var response = await _api.PostAsync("/auth/login", "{\"username\": \"alice\", ");

        await ApiClient.AssertErrorAsync(response, HttpStatusCode.BadRequest, ApiConditions.BadRequest);
    }

    [Fact]
    public async Task Login_without_a_password_field_is_400_bad_request()
    {
        using var response = await _api.PostAsync("/auth/login", ApiClient.Json(new { username = "alice" }));

        await ApiClient.AssertErrorAsync(response, HttpStatusCode.BadRequest, ApiConditions.BadRequest);
    }

    [Fact]
    public async Task Login_with_a_form_body_is_415()
    {
        using var response = await _api.SendAsync(HttpMethod.Post, "/auth/login", "username=alice&password=alice+password", null, "application/x-www-form-urlencoded");

        await ApiClient.AssertErrorAsync(response, HttpStatusCode.UnsupportedMediaType, ApiConditions.UnsupportedMediaType);
    }

    [Fact]
    public async Task An_oversize_body_is_413_and_not_read()
    {
        var password = new string('x', 100_000);

        using var response = await _api.PostAsync("/auth/login", ApiClient.Json(new { username = "alice", password }));

        await ApiClient.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, ApiConditions.PayloadTooLarge);
    }

    [Fact]
    public async Task A_request_without_a_token_is_401()
    {
        using var response = await _api.GetAsync("/user_api/me");

        await ApiClient.AssertErrorAsync(response, HttpStatusCode.Unauthorized, ApiConditions.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("a.b.c.d.e")]
    [InlineData("YWxpY2U.admin.99999999999.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_forged_or_garbled_token_is_401(string token)
    {
        using var response = await _api.GetAsync("/user_api/me", token);

        await ApiClient.AssertErrorAsync(response, HttpStatusCode.Unauthorized, ApiConditions.Unauthorized);
    }

    [Fact]
    public async Task A_token_with_its_role_changed_by_hand_is_401()
    {
        var token = await _api.LoginAsync("alice", "alice password");
        var parts = token.Split('.');
        parts[1] = "admin";

        using var response = await _api.GetAsync("/admin_api/users", string.Join('.', parts));

        await ApiClient.AssertErrorAsync(response, HttpStatusCode.Unauthorized, ApiConditions.Unauthorized);
    }

    [Fact]
    public async Task An_expired_token_is_401_token_expired()
    {
        var tokens = _server.Services.GetRequiredService<ApiTokens>();
        var accounts = _server.Services.GetRequiredService<Snikket.Server.Accounts.AccountStore>();
        var credential = await accounts.GetCredentialAsync("alice", ScramHash.Sha256, CancellationToken.None);
        var expired = tokens.Issue("alice", "normal", credential!.StoredKey, DateTimeOffset.UtcNow.AddMinutes(-1));

        using var response = await _api.GetAsync("/user_api/me", expired);

        await ApiClient.AssertErrorAsync(response, HttpStatusCode.Unauthorized, ApiConditions.TokenExpired);
    }

    [Fact]
    public async Task A_normal_user_gets_403_from_the_admin_api()
    {
        var token = await _api.LoginAsync("alice", "alice password");

        using var response = await _api.GetAsync("/admin_api/users", token);

        await ApiClient.AssertErrorAsync(response, HttpStatusCode.Forbidden, ApiConditions.Forbidden);
    }

    [Fact]
    public async Task The_token_of_a_deleted_account_is_401()
    {
        var token = await _api.LoginAsync("alice", "alice password");
        await _server.Services.GetRequiredService<Snikket.Server.Accounts.AccountStore>().DeleteAsync("alice", CancellationToken.None);

        using var response = await _api.GetAsync("/user_api/me", token);

        await ApiClient.AssertErrorAsync(response, HttpStatusCode.Unauthorized, ApiConditions.Unauthorized);
    }

    [Fact]
    public async Task Me_shows_the_callers_account()
    {
        var token = await _api.LoginAsync("alice", "alice password");

        using var response = await _api.GetAsync("/user_api/me", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await ApiClient.ReadJsonAsync(response);
        Assert.Equal("alice@localhost", body.RootElement.GetProperty("jid").GetString());
        Assert.True(body.RootElement.GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Changing_the_password_works_with_the_new_one_and_ends_old_tokens()
    {
        var token = await _api.LoginAsync("alice", "alice password");

        using var change = await _api.PostAsync("/user_api/password", ApiClient.Json(new { current_password = "alice password", new_password = "a brand new password" }), token);

        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        using var old = await _api.GetAsync("/user_api/me", token);
        await ApiClient.AssertErrorAsync(old, HttpStatusCode.Unauthorized, ApiConditions.Unauthorized);
        Assert.False(string.IsNullOrEmpty(await _api.LoginAsync("alice", "a brand new password")));
        await using var client = await _server.LoginAsync("alice", "a brand new password");
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one()
    {
        var token = await _api.LoginAsync("alice", "alice password");

        using var change = await _api.PostAsync("/user_api/password", ApiClient.Json(new { current_password = "wrong guess!", new_password = "a brand new password" }), token);

        await ApiClient.AssertErrorAsync(change, HttpStatusCode.Forbidden, ApiConditions.InvalidCredentials);
        Assert.False(string.IsNullOrEmpty(await _api.LoginAsync("alice", "alice password")));
    }

    [Fact]
    public async Task A_new_password_shorter_than_ten_characters_is_refused()
    {
        var token = await _api.LoginAsync("alice", "alice password");

        using var change = await _api.PostAsync("/user_api/password", ApiClient.Json(new { current_password = "alice password", new_password = "short" }), token);

        await ApiClient.AssertErrorAsync(change, HttpStatusCode.BadRequest, ApiConditions.PasswordTooShort);
    }

    [Fact]
    public async Task An_unknown_api_route_is_a_json_404()
    {
        using var response = await _api.GetAsync("/admin_api/no/such/thing");

        await ApiClient.AssertErrorAsync(response, HttpStatusCode.NotFound, ApiConditions.NotFound);
    }
}

public sealed class AuthApiTestsOnSqlite() : AuthApiTests(DatabaseKind.Sqlite);

public sealed class AuthApiTestsOnPostgres() : AuthApiTests(DatabaseKind.PostgreSql);
