namespace Snikket.Server.Modules.AdminApi;

/// <summary>The account a request's bearer token speaks for, set on the request by <see cref="ApiAuthorization"/>.</summary>
internal sealed record ApiCaller(string Username, string Role)
{
    private const string ItemKey = "snikket.api.caller";

    public static ApiCaller Of(HttpContext http) =>
        http.Items[ItemKey] as ApiCaller ?? throw new InvalidOperationException("The endpoint has no authorization filter.");

    public void Attach(HttpContext http) => http.Items[ItemKey] = this;
}
