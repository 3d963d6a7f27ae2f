using System.Net;
using Snikket.Acme;
using Snikket.AdminApi;

namespace Snikket.Portal.Tests.Pages.Admin;

public sealed class AdminTests : IClassFixture<PortalFactory>, IAsyncLifetime
{
    private readonly PortalFactory _portal;
    private HttpClient _client = null!;

    public AdminTests(PortalFactory portal)
    {
        _portal = portal;
        _portal.Api.AddUser("root", "root password", ApiRoles.Admin);
        _portal.Api.AddUser("alice", "alice password");
    }

    public async Task InitializeAsync()
    {
        _client = _portal.CreateClient();
        await Forms.LogInAsync(_client, "root", "root password");
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_user_list_shows_every_account_with_its_role()
    {
        var html = await _client.GetStringAsync("/admin/users");

        Assert.Contains("alice@chat.example", html, StringComparison.Ordinal);
        Assert.Contains("Administrator", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_an_invite_shows_its_link_and_qr_code_once()
    {
        _portal.Api.Circles["c9"] = new CircleInfo("c9", "Family", [], []);

        using var created = await Forms.PostAsync(_client, "/admin/invites?handler=Create", [new("kind", "account"), new("role", "normal"), new("ttl", "86400"), new("circles", "c9"), new("note", "for Bob")], page: "/admin/invites");
        var details = await _client.GetStringAsync(created.Headers.Location!.OriginalString);
        var again = await _client.GetStringAsync(created.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var invite = Assert.Single(_portal.Api.AdminInvites.Values, i => i.Note == "for Bob");
        Assert.Equal(["c9"], invite.Groups);
        Assert.Contains(invite.LandingPage!, details, StringComparison.Ordinal);
        Assert.Contains("src=\"data:image/svg", details, StringComparison.Ordinal);
        Assert.DoesNotContain(invite.LandingPage!, again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invite_without_circles_uses_the_default_circle()
    {
        _portal.Api.Circles[CircleInfo.DefaultId] = new CircleInfo(CircleInfo.DefaultId, "Everyone here", [], []);

        using var created = await Forms.PostAsync(_client, "/admin/invites?handler=Create", [new("kind", "account"), new("role", "normal"), new("ttl", "86400"), new("note", "no circle ticked")], page: "/admin/invites");

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var invite = Assert.Single(_portal.Api.AdminInvites.Values, i => i.Note == "no circle ticked");
        Assert.Equal([CircleInfo.DefaultId], invite.Groups);
    }

    [Fact]
    public async Task The_create_form_ticks_the_default_circle()
    {
        _portal.Api.Circles[CircleInfo.DefaultId] = new CircleInfo(CircleInfo.DefaultId, "Everyone here", [], []);
        _portal.Api.Circles["c7"] = new CircleInfo("c7", "Neighbours", [], []);

        var html = await _client.GetStringAsync("/admin/invites");

        Assert.Contains($"value=\"{CircleInfo.DefaultId}\" checked=\"checked\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"c7\" checked", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_invite_page_shows_circle_names_not_ids()
    {
        _portal.Api.Circles["c8"] = new CircleInfo("c8", "Book club", [], []);
        var invite = await _portal.Api.CreateAccountInviteAsync("token-root", new AccountInviteRequest(Groups: ["c8"]), CancellationToken.None);

        var html = await _client.GetStringAsync("/admin/invites/" + invite.Id);

        Assert.Contains("<dd>Book club</dd>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_note_over_the_limit_is_explained_and_creates_nothing()
    {
        var before = _portal.Api.AdminInvites.Count;

        using var response = await Forms.PostAsync(_client, "/admin/invites?handler=Create", [new("kind", "account"), new("role", "normal"), new("ttl", "86400"), new("note", new string('n', 501))], page: "/admin/invites");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The invitation was not created: The note is longer than 500 characters.", html, StringComparison.Ordinal);
        Assert.Equal(before, _portal.Api.AdminInvites.Count);
    }

    [Fact]
    public async Task A_group_invite_without_a_circle_is_refused()
    {
        var before = _portal.Api.AdminInvites.Count;

        using var response = await Forms.PostAsync(_client, "/admin/invites?handler=Create", [new("kind", "group"), new("role", "normal"), new("ttl", "86400")], page: "/admin/invites");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, _portal.Api.AdminInvites.Count);
    }

    [Fact]
    public async Task Revoking_an_invite_removes_it()
    {
        var invite = await _portal.Api.CreateAccountInviteAsync("token-root", new AccountInviteRequest(Note: "to revoke"), CancellationToken.None);

        using var response = await Forms.PostAsync(_client, $"/admin/invites?handler=Revoke&id={invite.Id}", [], page: "/admin/invites");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(_portal.Api.AdminInvites.ContainsKey(invite.Id));
    }

    [Fact]
    public async Task Locking_a_user_goes_through_the_api()
    {
        _portal.Api.AddUser("mallory", "mallory password");

        using var response = await Forms.PostAsync(_client, "/admin/users/mallory?handler=Lock", [], page: "/admin/users/mallory");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(_portal.Api.Users["mallory"].Locked);
    }

    [Fact]
    public async Task A_user_pending_deletion_can_be_restored()
    {
        _portal.Api.AddUser("quinn", "quinn password");
        _portal.Api.PendingDeletions["quinn"] = 1_900_000_000;
        var page = await _client.GetStringAsync("/admin/users/quinn");

        using var response = await Forms.PostAsync(_client, "/admin/users/quinn?handler=Unlock", [], page: "/admin/users/quinn");

        Assert.Contains("Restore account", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(_portal.Api.PendingDeletions.ContainsKey("quinn"));
    }

    [Fact]
    public async Task Deleting_a_user_needs_the_confirmation_box()
    {
        _portal.Api.AddUser("oscar", "oscar password");

        using var unconfirmed = await Forms.PostAsync(_client, "/admin/users/oscar?handler=Delete", [], page: "/admin/users/oscar");
        using var confirmed = await Forms.PostAsync(_client, "/admin/users/oscar?handler=Delete", [new("confirm", "yes")], page: "/admin/users/oscar");

        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.False(_portal.Api.Users.ContainsKey("oscar"));
    }

    [Fact]
    public async Task The_user_list_shows_when_each_user_was_last_active()
    {
        _portal.Api.AddUser("rita", "rita password");
        _portal.Api.LastActive["rita"] = DateTimeOffset.UtcNow.AddDays(-3).AddHours(-1).ToUnixTimeSeconds();

        var html = await _client.GetStringAsync("/admin/users");

        Assert.Contains("active 3 days ago", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_a_role_goes_through_the_api()
    {
        _portal.Api.AddUser("sam", "sam password");

        using var response = await Forms.PostAsync(_client, "/admin/users/sam?handler=Role", [new("role", ApiRoles.Limited)], page: "/admin/users/sam");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(ApiRoles.Limited, _portal.Api.Users["sam"].Role);
    }

    [Fact]
    public async Task Unlocking_a_user_goes_through_the_api()
    {
        _portal.Api.Users["tara"] = ("tara password", ApiRoles.Normal, true);

        using var response = await Forms.PostAsync(_client, "/admin/users/tara?handler=Unlock", [], page: "/admin/users/tara");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(_portal.Api.Users["tara"].Locked);
    }

    [Fact]
    public async Task A_reset_link_is_shown_with_its_qr_code()
    {
        _portal.Api.AddUser("uma", "uma password");

        using var response = await Forms.PostAsync(_client, "/admin/users/uma?handler=Reset", [], page: "/admin/users/uma");
        var html = await response.Content.ReadAsStringAsync();

        var reset = Assert.Single(_portal.Api.AdminInvites.Values, i => i.Jid == "uma@chat.example");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"value=\"{reset.LandingPage}\"", html, StringComparison.Ordinal);
        Assert.Contains("src=\"data:image/svg", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_an_invite_passes_the_chosen_role_and_validity()
    {
        using var created = await Forms.PostAsync(_client, "/admin/invites?handler=Create", [new("kind", "account"), new("role", ApiRoles.Limited), new("ttl", "3600"), new("note", "limited for an hour")], page: "/admin/invites");

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var invite = Assert.Single(_portal.Api.AdminInvites.Values, i => i.Note == "limited for an hour");
        Assert.Equal([ApiRoles.Limited], invite.Roles);
        Assert.Equal(3600, invite.Expires - invite.CreatedAt);
    }

    [Fact]
    public async Task A_circle_is_created_from_the_circles_page()
    {
        using var response = await Forms.PostAsync(_client, "/admin/circles", [new("name", "  Choir  ")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var circle = Assert.Single(_portal.Api.Circles.Values, c => c.Name == "Choir");
        Assert.Equal("/admin/circles/" + circle.Id, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_circle_is_renamed()
    {
        _portal.Api.Circles["r1"] = new CircleInfo("r1", "Old name", [], []);

        using var response = await Forms.PostAsync(_client, "/admin/circles/r1?handler=Rename", [new("name", "New name")], page: "/admin/circles/r1");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("New name", _portal.Api.Circles["r1"].Name);
    }

    [Fact]
    public async Task A_member_is_added_to_a_circle()
    {
        _portal.Api.Circles["a1"] = new CircleInfo("a1", "Team", [], []);

        using var response = await Forms.PostAsync(_client, "/admin/circles/a1?handler=Add", [new("member", "alice")], page: "/admin/circles/a1");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(["alice"], _portal.Api.Circles["a1"].Members);
    }

    [Fact]
    public async Task A_member_is_removed_from_a_circle()
    {
        _portal.Api.Circles["m1"] = new CircleInfo("m1", "Team", ["alice", "root"], []);

        using var response = await Forms.PostAsync(_client, "/admin/circles/m1?handler=Remove&member=alice", [], page: "/admin/circles/m1");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(["root"], _portal.Api.Circles["m1"].Members);
    }

    [Theory]
    [InlineData("/admin/invites?handler=Create", "kind=account&role=admin&note=forged")]
    [InlineData("/admin/circles", "name=Forged")]
    [InlineData("/admin/users/alice?handler=Role", "role=admin")]
    [InlineData("/admin/system", "body=Forged&recipients=all")]
    public async Task An_admin_post_without_the_antiforgery_token_changes_nothing(string action, string body)
    {
        var calls = _portal.Api.Calls.Count;
        var circles = _portal.Api.Circles.Count;
        await _client.GetStringAsync("/admin/invites");

        using var response = await _client.PostAsync(action, new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(calls, _portal.Api.Calls.Count);
        Assert.Equal(circles, _portal.Api.Circles.Count);
        Assert.Equal(ApiRoles.Normal, _portal.Api.Users["alice"].Role);
    }

    [Fact]
    public async Task A_circle_name_with_script_is_escaped()
    {
        _portal.Api.Circles["cx"] = new CircleInfo("cx", "<img src=x onerror=alert(1)>", ["alice"], []);

        var list = await _client.GetStringAsync("/admin/circles");
        var page = await _client.GetStringAsync("/admin/circles/cx");

        Assert.DoesNotContain("<img src=x", list, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", page, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_announcement_is_sent_to_the_chosen_recipients()
    {
        using var response = await Forms.PostAsync(_client, "/admin/system", [new("body", "Maintenance tonight"), new("recipients", "all")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("announce all: Maintenance tonight", _portal.Api.Calls);
    }

    [Fact]
    public async Task The_system_page_shows_what_the_certificate_service_last_reported()
    {
        var before = await _client.GetStringAsync("/admin/system");
        var status = new CertificateStatus
        {
            State = CertificateState.Failing,
            Names = ["chat.example.org"],
            CertificatePath = "/snikket/certs/chat.example.org.crt",
            NextAttempt = DateTimeOffset.UtcNow.AddMinutes(10),
            ConsecutiveFailures = 2,
            LastError = "DNS for chat.example.org points elsewhere.",
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        status.Write(Path.Combine(_portal.DataDirectory, "certs", "status.json"));

        var after = await _client.GetStringAsync("/admin/system");

        Assert.Contains("The certificate service has not reported yet.", before, StringComparison.Ordinal);
        Assert.Contains("Getting a certificate failed 2 time(s) in a row", after, StringComparison.Ordinal);
        Assert.Contains("DNS for chat.example.org points elsewhere.", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_system_page_shows_the_version_and_health()
    {
        var html = await _client.GetStringAsync("/admin/system");

        Assert.Contains("1.2.3", html, StringComparison.Ordinal);
        Assert.Contains("ok", html, StringComparison.Ordinal);
    }
}
