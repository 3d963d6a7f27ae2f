using Snikket.Server.Hosting;

namespace Snikket.Server.Modules.ContactAddresses;

/// <summary>The email addresses the server publishes (all optional; an empty set publishes no form).</summary>
internal sealed record ContactAddressesOptions(string? AdminEmail, string? AbuseEmail, string? SecurityEmail)
{
    public static ContactAddressesOptions From(ServerSettings settings) =>
        new(settings.AdminEmail, settings.AbuseEmail, settings.SecurityEmail);
}
