using Snikket.Server.Hosting;

namespace Snikket.Server.Modules.AdminApi;

/// <summary>The API's services, registered beside its line in the module list.</summary>
internal static class AdminApiServices
{
    public static IServiceCollection AddAdminApi(this IServiceCollection services) => services
        .AddSingleton(sp => AdminApiOptions.From(sp.GetRequiredService<ServerSettings>()))
        .AddSingleton(sp => new ApiTokens(
            DataSecrets.GetOrCreate(sp.GetRequiredService<ServerSettings>().DataDirectory, ApiTokens.KeyName, ApiTokens.KeyLength),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<AdminApiOptions>().TokenLifetime))
        .AddSingleton<ActivityStore>()
        .AddSingleton<ApiAccounts>();
}
