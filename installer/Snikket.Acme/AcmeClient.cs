using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Snikket.Acme;

/// <summary>
/// An ACME client (RFC 8555) for one account key and one directory: account creation and lookup
/// (§7.3), orders (§7.4), http-01 challenges (§8.3), finalization with a CSR and the PEM chain
/// download (§7.4.2). Requests are JWS-signed (§6.2), nonces are taken from every response
/// (§7.2) and a <c>badNonce</c> refusal is retried with the nonce it carries (§6.5).
/// Every failure is an <see cref="AcmeException"/> saying what to do.
/// </summary>
public sealed partial class AcmeClient(HttpClient http, Uri directoryUrl, AccountKey key, ILogger logger, AcmeClientOptions? options = null)
{
    private const string JoseJson = "application/jose+json";
    private const string ProblemJson = "application/problem+json";
    private const string PemChain = "application/pem-certificate-chain";

    private readonly AcmeClientOptions _options = options ?? new AcmeClientOptions();
    private AcmeDirectory? _directory;
    private string? _nonce;
    private Uri? _account;

    /// <summary>How many requests were sent again after a <c>badNonce</c> error (for logs and tests).</summary>
    public int BadNonceRetryCount { get; private set; }

    /// <summary>The account URL (<c>kid</c>) once <see cref="EnsureAccountAsync"/> has run.</summary>
    public Uri? AccountUrl => _account;

    /// <summary>Replaces the next nonce (tests use a stale one to see the badNonce retry).</summary>
    internal void SetNextNonce(string nonce) => _nonce = nonce;

    /// <summary>Fetches the directory (once).</summary>
    public async Task<AcmeDirectory> GetDirectoryAsync(CancellationToken cancellationToken)
    {
        if (_directory is not null)
        {
            return _directory;
        }

        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(directoryUrl, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new AcmeException(
                $"Could not reach the ACME directory {directoryUrl}: {Describe(e)}. Check SNIKKET_TWEAK_ACME_DIRECTORY, that this "
                + "machine can make outbound HTTPS connections and resolve names, then try again.", null, e);
        }

        using (response)
        {
            AcmeDirectory? directory = null;
            if (response.IsSuccessStatusCode)
            {
                try
                {
                    directory = await response.Content.ReadFromJsonAsync<AcmeDirectory>(cancellationToken).ConfigureAwait(false);
                }
                catch (JsonException)
                {
                    // Reported below with the status.
                }
            }

            if (directory?.NewNonce is null || directory.NewAccount is null || directory.NewOrder is null)
            {
                throw new AcmeException(
                    $"{directoryUrl} is not an ACME directory (HTTP {(int)response.StatusCode}, no newNonce/newAccount/newOrder). "
                    + "Set SNIKKET_TWEAK_ACME_DIRECTORY to the directory URL of an ACME CA, or leave it empty for Let's Encrypt.");
            }

            _directory = directory;
            return directory;
        }
    }

    /// <summary>
    /// Creates the account for this key, or finds the one it already has (RFC 8555 §7.3), with
    /// <paramref name="email"/> as its contact; an account whose contact differs is updated (§7.3.2).
    /// </summary>
    public async Task<AcmeAccount> EnsureAccountAsync(string email, CancellationToken cancellationToken)
    {
        var directory = await GetDirectoryAsync(cancellationToken).ConfigureAwait(false);
        var contact = "mailto:" + email;
        var payload = JsonSerializer.Serialize(new { termsOfServiceAgreed = true, contact = new[] { contact } });
        using var response = await PostAsync(directory.NewAccount!, payload, "create the ACME account", cancellationToken, useJwk: true).ConfigureAwait(false);
        _account = response.Headers.Location
            ?? throw new AcmeException($"The ACME server at {directoryUrl} answered newAccount without the account URL (Location). "
                + "It does not follow RFC 8555; use a different SNIKKET_TWEAK_ACME_DIRECTORY.");
        var created = response.StatusCode == HttpStatusCode.Created;
        var updated = false;
        if (!created)
        {
            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
            var known = document.RootElement.TryGetProperty("contact", out var list) && list.ValueKind == JsonValueKind.Array
                && list.EnumerateArray().Any(c => string.Equals(c.GetString(), contact, StringComparison.OrdinalIgnoreCase));
            if (!known)
            {
                using var update = await PostAsync(_account, JsonSerializer.Serialize(new { contact = new[] { contact } }), "update the account's contact", cancellationToken).ConfigureAwait(false);
                Log.ContactUpdated(logger, _account, email);
                updated = true;
            }
        }

        Log.Account(logger, _account, created ? "created" : "found");
        return new AcmeAccount(_account, created, updated);
    }

    /// <summary>
    /// Gets a certificate for <paramref name="names"/>: order, http-01 validation of each name
    /// through <paramref name="webroot"/>, finalize with <paramref name="csrDer"/>, download.
    /// Returns the PEM chain (leaf first).
    /// </summary>
    public async Task<string> ObtainCertificateAsync(IReadOnlyList<string> names, byte[] csrDer, ChallengeWebroot webroot, CancellationToken cancellationToken)
    {
        if (_account is null)
        {
            throw new InvalidOperationException("EnsureAccountAsync must run first.");
        }

        var deadline = _options.Time.GetUtcNow() + _options.PollTimeout;
        var order = await CreateOrderAsync(names, cancellationToken).ConfigureAwait(false);
        var published = new List<string>();
        try
        {
            var pending = new List<(string Name, Uri Authorization, AcmeChallenge Challenge)>();
            foreach (var url in order.Authorizations)
            {
                var authorization = await PostAsGetAsync<AcmeAuthorization>(url, "read an authorization", cancellationToken).ConfigureAwait(false);
                var name = authorization.Identifier?.Value ?? url.AbsoluteUri;
                if (authorization.Status == "valid")
                {
                    continue;
                }

                var challenge = authorization.Challenges.FirstOrDefault(c => c.Type == "http-01");
                if (authorization.Status != "pending" || challenge?.Token is null || challenge.Url is null)
                {
                    throw new AcmeException(
                        $"The authorization for {name} is {authorization.Status} and offers no http-01 challenge to answer. "
                        + "This appliance validates with http-01 only; use a CA that offers it.");
                }

                webroot.Publish(challenge.Token, key.KeyAuthorization(challenge.Token));
                published.Add(challenge.Token);
                pending.Add((name, url, challenge));
            }

            foreach (var (_, _, challenge) in pending)
            {
                // An empty object tells the server the response is in place (RFC 8555 §7.5.1).
                using var answer = await PostAsync(challenge.Url!, "{}", "answer a challenge", cancellationToken).ConfigureAwait(false);
            }

            foreach (var (name, url, _) in pending)
            {
                await WaitForAuthorizationAsync(name, url, deadline, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var token in published)
            {
                webroot.Remove(token);
            }
        }

        order = await WaitForOrderAsync(order, deadline, s => s is "ready" or "valid", "become ready", cancellationToken).ConfigureAwait(false);
        if (order.Status == "ready")
        {
            var csr = JsonSerializer.Serialize(new { csr = System.Buffers.Text.Base64Url.EncodeToString(csrDer) });
            using (var finalized = await PostAsync(order.Finalize!, csr, "finalize the order", cancellationToken).ConfigureAwait(false))
            {
                order = await ReadOrderAsync(finalized, order.Url, cancellationToken).ConfigureAwait(false);
            }

            order = await WaitForOrderAsync(order, deadline, s => s == "valid", "be issued", cancellationToken).ConfigureAwait(false);
        }

        var certificate = order.Certificate ?? throw new AcmeException("The order is valid but names no certificate URL. Try again; if it persists, use a different CA.");
        using var download = await PostAsync(certificate, null, "download the certificate", cancellationToken, accept: PemChain).ConfigureAwait(false);
        var pem = await download.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!pem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            throw new AcmeException($"The certificate downloaded from {certificate} is not PEM. Try again; if it persists, use a different CA.");
        }

        Log.Issued(logger, string.Join(", ", names));
        return pem;
    }

    private async Task<AcmeOrder> CreateOrderAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var directory = await GetDirectoryAsync(cancellationToken).ConfigureAwait(false);
        var payload = JsonSerializer.Serialize(new { identifiers = names.Select(n => new AcmeIdentifier("dns", n)) });
        using var response = await PostAsync(directory.NewOrder!, payload, "create an order for " + string.Join(", ", names), cancellationToken).ConfigureAwait(false);
        var order = await ReadOrderAsync(response, response.Headers.Location, cancellationToken).ConfigureAwait(false);
        return order.Url is null
            ? throw new AcmeException("The ACME server created an order without telling its URL (Location). Use a CA that follows RFC 8555.")
            : order;
    }

    private async Task WaitForAuthorizationAsync(string name, Uri url, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var attempt = 0;
        while (true)
        {
            var (authorization, retryAfter) = await PostAsGetWithRetryAfterAsync<AcmeAuthorization>(url, "read an authorization", cancellationToken).ConfigureAwait(false);
            switch (authorization.Status)
            {
                case "valid":
                    return;
                case "pending":
                    await PauseAsync(retryAfter, attempt++, deadline, $"the validation of {name}", cancellationToken).ConfigureAwait(false);
                    continue;
                default:
                    var problem = authorization.Challenges.FirstOrDefault(c => c.Type == "http-01")?.Error;
                    throw new AcmeException(
                        $"The certificate authority could not validate {name} ({authorization.Status}: {problem?.ToString() ?? "no reason given"}). "
                        + AcmeAdvice.ForValidation(name, problem, _options.HttpPort), problem);
            }
        }
    }

    private async Task<AcmeOrder> WaitForOrderAsync(AcmeOrder order, DateTimeOffset deadline, Func<string, bool> done, string goal, CancellationToken cancellationToken)
    {
        var attempt = 0;
        TimeSpan? retryAfter = null;
        while (true)
        {
            if (done(order.Status))
            {
                return order;
            }

            if (order.Status == "invalid")
            {
                throw new AcmeException(
                    $"The certificate authority marked the order invalid ({order.Error?.ToString() ?? "no reason given"}). "
                    + (order.Error is { } error ? AcmeAdvice.ForRequest(error) : "Try again later."), order.Error);
            }

            await PauseAsync(retryAfter, attempt++, deadline, $"the order to {goal}", cancellationToken).ConfigureAwait(false);
            var url = order.Url!;
            (order, retryAfter) = await PostAsGetWithRetryAfterAsync<AcmeOrder>(url, "read the order", cancellationToken).ConfigureAwait(false);
            order = order with { Url = url };
        }
    }

    /// <summary>Waits as the server asked (Retry-After, RFC 8555 §7.5.1), else 0.25 s doubling to 5 s, never past the deadline.</summary>
    private async Task PauseAsync(TimeSpan? retryAfter, int attempt, DateTimeOffset deadline, string waitingFor, CancellationToken cancellationToken)
    {
        var remaining = deadline - _options.Time.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            throw new AcmeException(
                $"Gave up waiting for {waitingFor} after {_options.PollTimeout.TotalSeconds:0} s. The certificate authority may be "
                + "slow or overloaded; the service tries again later by itself.");
        }

        var pause = retryAfter ?? TimeSpan.FromSeconds(Math.Min(5, 0.25 * Math.Pow(2, attempt)));
        await Task.Delay(pause < remaining ? pause : remaining, _options.Time, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> PostAsGetAsync<T>(Uri url, string what, CancellationToken cancellationToken) =>
        (await PostAsGetWithRetryAfterAsync<T>(url, what, cancellationToken).ConfigureAwait(false)).Value;

    private async Task<(T Value, TimeSpan? RetryAfter)> PostAsGetWithRetryAfterAsync<T>(Uri url, string what, CancellationToken cancellationToken)
    {
        using var response = await PostAsync(url, null, what, cancellationToken).ConfigureAwait(false);
        var value = await ReadJsonAsync<T>(response, what, cancellationToken).ConfigureAwait(false);
        return (value, RetryAfter(response.Headers.RetryAfter));
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        var wait = header?.Delta ?? (header?.Date is { } date ? date - _options.Time.GetUtcNow() : null);
        // A server asking for more than a minute between polls is capped: the deadline bounds the whole wait anyway.
        return wait is { } w ? TimeSpan.FromTicks(Math.Clamp(w.Ticks, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromMinutes(1).Ticks)) : null;
    }

    private static async Task<AcmeOrder> ReadOrderAsync(HttpResponseMessage response, Uri? url, CancellationToken cancellationToken) =>
        (await ReadJsonAsync<AcmeOrder>(response, "read the order", cancellationToken).ConfigureAwait(false)) with { Url = url };

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new AcmeException($"The ACME server's answer when trying to {what} is not valid JSON ({e.Message}). "
                + "Check SNIKKET_TWEAK_ACME_DIRECTORY points at an ACME server; the service tries again later.", null, e);
        }
    }

    /// <summary>
    /// Sends a signed POST (RFC 8555 §6.2; <paramref name="payloadJson"/> null is POST-as-GET, §6.3)
    /// and returns the successful response; an error becomes an <see cref="AcmeException"/>.
    /// </summary>
    private async Task<HttpResponseMessage> PostAsync(Uri url, string? payloadJson, string what, CancellationToken cancellationToken, bool useJwk = false, string? accept = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            var nonce = _nonce ?? await NewNonceAsync(cancellationToken).ConfigureAwait(false);
            _nonce = null;
            var body = Jws.Sign(key, url, nonce, useJwk ? null : _account, payloadJson);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(JoseJson);
            if (accept is not null)
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            }

            var response = await SendAsync(request, what, cancellationToken).ConfigureAwait(false);
            TakeNonce(response);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                var problem = await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false);
                if (problem.ShortType == "badNonce" && attempt < _options.BadNonceRetries)
                {
                    // The refusal carries a fresh nonce (RFC 8555 §6.5); send the same request again with it.
                    BadNonceRetryCount++;
                    Log.BadNonce(logger, url, attempt + 1);
                    continue;
                }

                throw new AcmeException(
                    $"The certificate authority refused to {what} (HTTP {(int)response.StatusCode}, {problem}). {AcmeAdvice.ForRequest(problem)}",
                    problem);
            }
        }
    }

    private async Task<string> NewNonceAsync(CancellationToken cancellationToken)
    {
        var directory = await GetDirectoryAsync(cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Head, directory.NewNonce);
        using var response = await SendAsync(request, "get a nonce", cancellationToken).ConfigureAwait(false);
        return response.Headers.TryGetValues("Replay-Nonce", out var values) && values.FirstOrDefault() is { Length: > 0 } nonce
            ? nonce
            : throw new AcmeException($"The ACME server gave no Replay-Nonce at {directory.NewNonce} (HTTP {(int)response.StatusCode}). "
                + "Check SNIKKET_TWEAK_ACME_DIRECTORY points at an ACME server; the service tries again later.");
    }

    private void TakeNonce(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("Replay-Nonce", out var values) && values.FirstOrDefault() is { Length: > 0 } nonce)
        {
            _nonce = nonce;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new AcmeException($"Could not reach the ACME server at {request.RequestUri} to {what}: {Describe(e)}. Check that this machine "
                + "can make outbound HTTPS connections; the service tries again later.", null, e);
        }
    }

    private static async Task<AcmeProblem> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (string.Equals(mediaType, ProblemJson, StringComparison.OrdinalIgnoreCase) || string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                if (await response.Content.ReadFromJsonAsync<AcmeProblem>(cancellationToken).ConfigureAwait(false) is { } problem)
                {
                    return problem;
                }
            }
            catch (JsonException)
            {
                // Fall through to a problem made from the status line.
            }
        }

        return new AcmeProblem { Status = (int)response.StatusCode, Detail = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase} without a problem document" };
    }

    private static string Describe(Exception e) => e is TaskCanceledException ? "timed out" : e.InnerException?.Message ?? e.Message;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "ACME account {Account} {What}")]
        public static partial void Account(ILogger logger, Uri account, string what);

        [LoggerMessage(2, LogLevel.Information, "ACME account {Account}: contact changed to {Email}")]
        public static partial void ContactUpdated(ILogger logger, Uri account, string email);

        [LoggerMessage(3, LogLevel.Debug, "badNonce from {Url}; sending again with the fresh nonce (retry {Retry})")]
        public static partial void BadNonce(ILogger logger, Uri url, int retry);

        [LoggerMessage(4, LogLevel.Information, "Certificate issued for {Names}")]
        public static partial void Issued(ILogger logger, string names);
    }
}
