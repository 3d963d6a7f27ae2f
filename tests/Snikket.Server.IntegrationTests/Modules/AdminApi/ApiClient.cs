using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Snikket.Server.IntegrationTests.Modules.AdminApi;

/// <summary>Raw HTTP against the server's internal API port, so tests see status codes, headers and bodies as any client would.</summary>
internal sealed class ApiClient(IPEndPoint endPoint) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri($"http://{endPoint}"), Timeout = TimeSpan.FromSeconds(30) };

    public HttpClient Http => _http;

    public Task<HttpResponseMessage> GetAsync(string path, string? token = null) => SendAsync(HttpMethod.Get, path, null, token);

    public Task<HttpResponseMessage> DeleteAsync(string path, string? token = null) => SendAsync(HttpMethod.Delete, path, null, token);

    public Task<HttpResponseMessage> PostAsync(string path, string? json, string? token = null) => SendAsync(HttpMethod.Post, path, json, token);

    public Task<HttpResponseMessage> PutAsync(string path, string? json, string? token = null) => SendAsync(HttpMethod.Put, path, json, token);

    public Task<HttpResponseMessage> PatchAsync(string path, string? json, string? token = null) => SendAsync(HttpMethod.Patch, path, json, token);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json, string? token, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _http.SendAsync(request);
    }

    /// <summary>Logs in and returns the bearer token.</summary>
    public async Task<string> LoginAsync(string username, string password)
    {
        using var response = await PostAsync("/auth/login", Json(new { username, password }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await ReadJsonAsync(response);
        return body.RootElement.GetProperty("token").GetString()!;
    }

    public static string Json(object value) => JsonSerializer.Serialize(value);

    public static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text);
    }

    /// <summary>Asserts the status and the stable error condition of an error answer.</summary>
    public static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string condition)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(text);
        Assert.Equal(condition, body.RootElement.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("message").GetString()));
    }

    public void Dispose() => _http.Dispose();
}
