using Snikket.Acme.Tests.Infrastructure;

namespace Snikket.Acme.Tests;

[Collection(PebbleGroup.Name)]
public sealed class AcmeClientTests(PebbleServer pebble, ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly HttpClient _http = pebble.CreateHttpClient();

    [Fact]
    public async Task A_new_key_creates_an_account()
    {
        using var key = AccountKey.Create();

        var account = await Client(key).EnsureAccountAsync("admin@example.com", CancellationToken.None);

        Assert.True(account.Created);
    }

    [Fact]
    public async Task The_persisted_key_finds_the_same_account_on_a_second_run()
    {
        var path = Path.Combine(_data.Path, "acme", "account.key");
        AcmeAccount first;
        using (var key = AccountKey.LoadOrCreate(path))
        {
            first = await Client(key).EnsureAccountAsync("admin@example.com", CancellationToken.None);
        }

        using var again = AccountKey.LoadOrCreate(path);
        var second = await Client(again).EnsureAccountAsync("admin@example.com", CancellationToken.None);

        Assert.False(second.Created);
        Assert.Equal(first.Url, second.Url);
    }

    [Fact]
    public async Task A_changed_admin_email_updates_the_contact_of_the_same_account()
    {
        using var key = AccountKey.Create();
        var first = await Client(key).EnsureAccountAsync("old@example.com", CancellationToken.None);

        var changed = await Client(key).EnsureAccountAsync("new@example.com", CancellationToken.None);
        var again = await Client(key).EnsureAccountAsync("new@example.com", CancellationToken.None);

        Assert.Equal(first.Url, changed.Url);
        Assert.True(changed.ContactUpdated);
        Assert.False(again.ContactUpdated);
    }

    [Fact]
    public async Task A_request_refused_with_badNonce_is_sent_again_with_the_fresh_nonce()
    {
        using var key = AccountKey.Create();
        var client = Client(key);
        await client.GetDirectoryAsync(CancellationToken.None);
        client.SetNextNonce("c3RhbGUtbm9uY2U");

        var account = await client.EnsureAccountAsync("admin@example.com", CancellationToken.None);

        Assert.True(account.Created);
        Assert.Equal(1, client.BadNonceRetryCount);
    }

    [Fact]
    public async Task An_endpoint_that_is_not_an_ACME_directory_is_reported_as_such()
    {
        using var key = AccountKey.Create();
        var notADirectory = new Uri(pebble.DirectoryUrl, "/no-such-directory");

        var error = await Assert.ThrowsAsync<AcmeException>(() => Client(key, notADirectory).EnsureAccountAsync("admin@example.com", CancellationToken.None));

        Assert.Contains($"{notADirectory} is not an ACME directory (HTTP 404", error.Message, StringComparison.Ordinal);
        Assert.Contains("Set SNIKKET_TWEAK_ACME_DIRECTORY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_URL_that_answers_with_something_other_than_JSON_is_reported()
    {
        using var key = AccountKey.Create();
        pebble.Webroot.Publish("notjson", "<html>hello</html>");
        var page = new Uri($"http://127.0.0.1:{pebble.ChallengePort}/.well-known/acme-challenge/notjson");

        var error = await Assert.ThrowsAsync<AcmeException>(() => Client(key, page).GetDirectoryAsync(CancellationToken.None));

        Assert.Contains("is not an ACME directory (HTTP 200", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_is_reported_with_what_to_check()
    {
        using var key = AccountKey.Create();
        var closed = new Uri($"https://127.0.0.1:{pebble.ClosedPort}/dir");

        var error = await Assert.ThrowsAsync<AcmeException>(() => Client(key, closed).GetDirectoryAsync(CancellationToken.None));

        Assert.Contains("Could not reach the ACME directory", error.Message, StringComparison.Ordinal);
        Assert.Contains("outbound HTTPS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_problem_document_becomes_an_exception_with_its_type_and_advice()
    {
        using var key = AccountKey.Create();

        var error = await Assert.ThrowsAsync<AcmeException>(() => Client(key).EnsureAccountAsync("not-an-address", CancellationToken.None));

        Assert.Equal("urn:ietf:params:acme:error:invalidContact", error.Problem?.Type);
        Assert.Contains("Set SNIKKET_ADMIN_EMAIL to a working email address", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _http.Dispose();
        _data.Dispose();
    }

    private AcmeClient Client(AccountKey key, Uri? directory = null) =>
        new(_http, directory ?? pebble.DirectoryUrl, key, new TestLogger<AcmeClient>(output));
}
