using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Snikket.Acme.Tests.Infrastructure;

namespace Snikket.Acme.Tests;

/// <summary>
/// Polling (RFC 8555 §7.5.1) against a scripted server, since pebble never asks for a wait:
/// Retry-After is honoured and the whole wait is bounded.
/// </summary>
public sealed class AcmeClientPollingTests : IDisposable
{
    private readonly TempDirectory _webroot = new();

    [Fact]
    public async Task A_Retry_After_of_one_second_is_waited_before_the_next_poll()
    {
        var server = new ScriptedAcmeServer(pendingPolls: 1, retryAfterSeconds: 1);

        await Obtain(server, TimeSpan.FromSeconds(10));

        Assert.Equal(2, server.AuthorizationPolls.Count);
        Assert.True(server.AuthorizationPolls[1] - server.AuthorizationPolls[0] >= TimeSpan.FromSeconds(0.9), $"{server.AuthorizationPolls[1] - server.AuthorizationPolls[0]}");
    }

    [Fact]
    public async Task A_validation_that_never_finishes_is_given_up_after_the_poll_timeout()
    {
        var server = new ScriptedAcmeServer(pendingPolls: int.MaxValue, retryAfterSeconds: null);

        var error = await Assert.ThrowsAsync<AcmeException>(() => Obtain(server, TimeSpan.FromSeconds(1)));

        Assert.Contains("Gave up waiting for the validation of chat.example.com after 1 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("tries again later", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_challenge_file_is_removed_when_the_validation_is_over()
    {
        var server = new ScriptedAcmeServer(pendingPolls: 0, retryAfterSeconds: null);

        await Obtain(server, TimeSpan.FromSeconds(10));

        Assert.Empty(Directory.GetFiles(new ChallengeWebroot(_webroot.Path).ChallengeDirectory));
    }

    public void Dispose() => _webroot.Dispose();

    private async Task Obtain(ScriptedAcmeServer server, TimeSpan pollTimeout)
    {
        using var http = new HttpClient(server);
        using var key = AccountKey.Create();
        var client = new AcmeClient(http, new Uri("https://ca.test/dir"), key, NullLogger.Instance, new AcmeClientOptions { PollTimeout = pollTimeout });
        await client.EnsureAccountAsync("admin@example.com", CancellationToken.None);
        await client.ObtainCertificateAsync(["chat.example.com"], [1, 2, 3], new ChallengeWebroot(_webroot.Path), CancellationToken.None);
    }

    /// <summary>An ACME server for one account, one order and one authorization that stays pending for a set number of polls.</summary>
    private sealed class ScriptedAcmeServer(int pendingPolls, int? retryAfterSeconds) : HttpMessageHandler
    {
        private const string Base = "https://ca.test";
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private bool _answered;
        private bool _finalized;

        public List<TimeSpan> AuthorizationPolls { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = request.RequestUri!.AbsolutePath switch
            {
                "/dir" => Json(HttpStatusCode.OK, $$"""{"newNonce":"{{Base}}/nonce","newAccount":"{{Base}}/acct","newOrder":"{{Base}}/order"}"""),
                "/nonce" => new HttpResponseMessage(HttpStatusCode.OK),
                "/acct" => Json(HttpStatusCode.Created, """{"status":"valid"}""", location: $"{Base}/acct/1"),
                "/order" => Json(HttpStatusCode.Created, Order("pending"), location: $"{Base}/order/1"),
                "/authz/1" => Authorization(),
                "/chall/1" => Answer(),
                "/order/1" => Json(HttpStatusCode.OK, Order(_finalized ? "valid" : "ready")),
                "/finalize/1" => Finalize(),
                "/cert/1" => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n", Encoding.ASCII) },
                _ => new HttpResponseMessage(HttpStatusCode.NotFound),
            };
            response.Headers.Add("Replay-Nonce", Guid.NewGuid().ToString("N"));
            return Task.FromResult(response);
        }

        private HttpResponseMessage Authorization()
        {
            if (!_answered)
            {
                return Json(HttpStatusCode.OK, AuthorizationJson("pending"));
            }

            AuthorizationPolls.Add(_clock.Elapsed);
            var pending = AuthorizationPolls.Count <= pendingPolls;
            var response = Json(HttpStatusCode.OK, AuthorizationJson(pending ? "pending" : "valid"));
            if (pending && retryAfterSeconds is { } seconds)
            {
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
            }

            return response;
        }

        private HttpResponseMessage Answer()
        {
            _answered = true;
            return Json(HttpStatusCode.OK, """{"type":"http-01","status":"processing","token":"tok"}""");
        }

        private HttpResponseMessage Finalize()
        {
            _finalized = true;
            return Json(HttpStatusCode.OK, Order("valid"));
        }

        private static string Order(string status) => $$"""
            {"status":"{{status}}","identifiers":[{"type":"dns","value":"chat.example.com"}],
             "authorizations":["{{Base}}/authz/1"],"finalize":"{{Base}}/finalize/1"{{(status == "valid" ? $",\"certificate\":\"{Base}/cert/1\"" : "")}}}
            """;

        private static string AuthorizationJson(string status) => $$"""
            {"status":"{{status}}","identifier":{"type":"dns","value":"chat.example.com"},
             "challenges":[{"type":"http-01","url":"{{Base}}/chall/1","status":"pending","token":"tok"}]}
            """;

        private static HttpResponseMessage Json(HttpStatusCode status, string json, string? location = null)
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            if (location is not null)
            {
                response.Headers.Location = new Uri(location);
            }

            return response;
        }
    }
}
