using System.Net;
using System.Text.RegularExpressions;

namespace Snikket.Portal.Tests;

/// <summary>Posting forms as a browser would: fetch the page, take its antiforgery token, post the fields.</summary>
internal static partial class Forms
{
    public static async Task<string> CsrfTokenAsync(HttpClient client, string page)
    {
        using var response = await client.GetAsync(page);
        var html = await response.Content.ReadAsStringAsync();
        var match = CsrfField().Match(html);
        Assert.True(match.Success, $"{page} has no antiforgery field (status {(int)response.StatusCode})");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Posts <paramref name="fields"/> to <paramref name="action"/> with the token from <paramref name="page"/> (default: the action itself).</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string action, IEnumerable<KeyValuePair<string, string>> fields, string? page = null)
    {
        var token = await CsrfTokenAsync(client, page ?? action);
        return await client.PostAsync(action, new FormUrlEncodedContent([.. fields, new("__csrf", token)]));
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string action, params (string Name, string Value)[] fields) =>
        PostAsync(client, action, fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    public static async Task LogInAsync(HttpClient client, string address, string password)
    {
        using var response = await PostAsync(client, "/login", ("address", address), ("password", password));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [GeneratedRegex("name=\"__csrf\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}
