using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Snikket.Acme.Tests.Infrastructure;

namespace Snikket.Acme.Tests;

public sealed class Http01ChallengeServerTests : IAsyncDisposable
{
    private readonly TempDirectory _root = new();
    private readonly HttpClient _http = new();
    private readonly ChallengeWebroot _webroot;
    private readonly Http01ChallengeServer _server;

    public Http01ChallengeServerTests()
    {
        _webroot = new ChallengeWebroot(_root.Path);
        _server = new Http01ChallengeServer(new IPEndPoint(IPAddress.Loopback, 0), _webroot, NullLogger.Instance);
    }

    [Fact]
    public async Task A_published_token_is_served_with_its_key_authorization()
    {
        _webroot.Publish("abc_DEF-123", "abc_DEF-123.thumb");

        var body = await _http.GetStringAsync(Url("/.well-known/acme-challenge/abc_DEF-123"));

        Assert.Equal("abc_DEF-123.thumb", body);
    }

    [Fact]
    public async Task A_removed_token_is_not_found()
    {
        _webroot.Publish("gone", "gone.thumb");
        _webroot.Remove("gone");

        using var response = await _http.GetAsync(Url("/.well-known/acme-challenge/gone"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_path_outside_the_challenge_directory_is_not_served()
    {
        File.WriteAllText(Path.Combine(_root.Path, "secret"), "secret");
        _webroot.Publish("t", "t.thumb");

        using var response = await _http.GetAsync(Url("/.well-known/acme-challenge/..%2F..%2Fsecret"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void A_token_that_is_not_base64url_is_refused_before_touching_the_disk()
    {
        var error = Assert.Throws<AcmeException>(() => _webroot.Publish("../../etc/passwd", "x"));

        Assert.Contains("not base64url", error.Message, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
        _root.Dispose();
    }

    private Uri Url(string path) => new($"http://127.0.0.1:{_server.Endpoint.Port}{path}");
}
