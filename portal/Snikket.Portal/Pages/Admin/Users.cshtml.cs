using Microsoft.AspNetCore.Mvc.RazorPages;
using Snikket.AdminApi;
using Snikket.Portal.Auth;

namespace Snikket.Portal.Pages.Admin;

/// <summary><c>/admin/users</c>: every account with its role, when it was last active, and whether it is locked or being deleted.</summary>
public sealed class UsersModel(ISnikketApi api, TimeProvider time) : PageModel
{
    public IReadOnlyList<UserInfo> Users { get; private set; } = [];

    public long Now { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = time.GetUtcNow().ToUnixTimeSeconds();
        Users = await api.ListUsersAsync(User.ApiToken(), ct);
    }
}
