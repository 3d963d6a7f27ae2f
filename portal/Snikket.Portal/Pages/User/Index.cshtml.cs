using Microsoft.AspNetCore.Mvc.RazorPages;
using Snikket.AdminApi;
using Snikket.Portal.Auth;

namespace Snikket.Portal.Pages.User;

/// <summary><c>/user</c>: the logged-in person's home: their address, role, and what they can do here.</summary>
public sealed class IndexModel(ISnikketApi api) : PageModel
{
    public UserInfo Me { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Me = await api.GetMeAsync(User.ApiToken(), ct);
}
