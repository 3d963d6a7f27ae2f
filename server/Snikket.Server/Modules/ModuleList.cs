using Snikket.Server.Hosting;
using Snikket.Server.Modules.AdHoc;
using Snikket.Server.Modules.AdminApi;
using Snikket.Server.Modules.Blocking;
using Snikket.Server.Modules.Caps;
using Snikket.Server.Modules.Carbons;
using Snikket.Server.Modules.Circles;
using Snikket.Server.Modules.ContactAddresses;
using Snikket.Server.Modules.Csi;
using Snikket.Server.Modules.Disco;
using Snikket.Server.Modules.ExternalServices;
using Snikket.Server.Modules.Invites;
using Snikket.Server.Modules.LastActivity;
using Snikket.Server.Modules.Mam;
using Snikket.Server.Modules.Message;
using Snikket.Server.Modules.Offline;
using Snikket.Server.Modules.Ping;
using Snikket.Server.Modules.Presence;
using Snikket.Server.Modules.Private;
using Snikket.Server.Modules.Register;
using Snikket.Server.Modules.Roster;
using Snikket.Server.Modules.Time;
using Snikket.Server.Modules.Vcard;
using Snikket.Server.Modules.Version;

namespace Snikket.Server.Modules;

/// <summary>The appliance's enabled modules: one line each. Removing a line removes the feature.</summary>
internal static class ModuleList
{
    public static IServiceCollection AddModules(this IServiceCollection services) => services
        // Blocking (XEP-0191) with spam reports (XEP-0377) comes first: its inbound and message
        // filters must refuse a stanza before any other module acts on it (subscriptions, archive).
        .AddModule<BlockingModule>().AddSingleton<BlockingStore>().AddSingleton<BlockLists>()
        // Core delivery (RFC 6121)
        .AddModule<MessageModule>()
        .AddModule<PresenceModule>()
        // Invites first: its XEP-0379 filter must see a subscription request with a token before the roster's does.
        .AddModule<InvitesModule>().AddSingleton<InviteStore>().AddSingleton<InviteRegistration>().AddSingleton<TokenAttempts>().AddSingleton(sp => new InvitesOptions { ScramIterations = sp.GetRequiredService<ServerSettings>().ScramIterations, UserInvites = sp.GetRequiredService<ServerSettings>().UserInvites })
        .AddModule<RosterModule>().AddSingleton<RosterStore>().AddSingleton<RosterPushes>().AddSingleton<Subscriptions>().AddSingleton<ContactLinks>()
        // Storage of messages: archive (XEP-0313), offline messages (XEP-0160)
        .AddModule<MamModule>().AddSingleton<MamStore>().AddSingleton(sp => new MamOptions { Retention = sp.GetRequiredService<ServerSettings>().Retention })
        .AddModule<OfflineModule>().AddSingleton<OfflineStore>().AddSingleton(new OfflineOptions())
        // Mobile and multi-device
        .AddModule<CarbonsModule>()
        .AddModule<CsiModule>()
        // Service discovery and diagnostics
        .AddModule<DiscoModule>()
        .AddModule<PingModule>()
        .AddModule<VersionModule>()
        .AddModule<TimeModule>()
        .AddModule<LastActivityModule>().AddSingleton<LastActivityStore>()
        .AddModule<CapsModule>()
        .AddModule<ContactAddressesModule>().AddSingleton(sp => ContactAddressesOptions.From(sp.GetRequiredService<ServerSettings>()))
        // Calls: STUN/TURN relay with time-limited credentials (XEP-0215)
        .AddModule<ExternalServicesModule>().AddSingleton(sp => ExternalServicesOptions.From(sp.GetRequiredService<ServerSettings>()))
        // Per-account data
        .AddModule<VcardModule>().AddSingleton<VcardStore>().AddSingleton(new VcardOptions())
        .AddModule<PrivateModule>().AddSingleton<PrivateStore>().AddSingleton(new PrivateOptions())
        // Internal HTTP API for the portal (issue 4)
        .AddModule<AdminApiModule>().AddAdminApi()
        // Accounts and onboarding: in-band registration, circles (issue 4; invites are above)
        .AddModule<RegisterModule>().AddSingleton(sp => new RegisterOptions { ScramIterations = sp.GetRequiredService<ServerSettings>().ScramIterations })
        .AddModule<CirclesModule>().AddSingleton<CircleStore>().AddSingleton<CircleMembership>()
        .AddModule<AdHocModule>().AddSingleton<AdHocCommands>().AddSingleton<IAdHocCommand, InviteCommand>().AddSingleton<IAdHocCommand, CreateAccountCommand>();

    private static IServiceCollection AddModule<T>(this IServiceCollection services)
        where T : class, IModule
    {
        services.AddSingleton<IModule, T>();
        return services;
    }
}
