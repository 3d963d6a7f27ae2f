using Microsoft.Extensions.Logging;
using Snikket.Server.Accounts;
using Snikket.Server.Hosting;
using Snikket.Server.Modules;
using Snikket.Server.Modules.Roster;
using Snikket.Server.Routing;
using Snikket.Server.Sessions;

namespace Snikket.Server.Tests.Modules;

/// <summary>
/// Modules get their dependencies only from an allowed set (STYLE.md B6): their own store and
/// options, sessions, the stanza sender, time, loggers, the server's identity, the handler table
/// and event publisher (to run hooks and publish events), and the account directory with its
/// lifecycle (lock, delete). This keeps a module from reaching into the core or into another
/// module's data (the roster is the one shared exception: presence is routed by it).
/// </summary>
public sealed class ModuleDependencyTests
{
    private static readonly Type[] Allowed =
    [
        typeof(SessionRegistry),
        typeof(IStanzaSender),
        typeof(TimeProvider),
        typeof(ServerInfo),
        typeof(Func<HandlerTable>),
        typeof(ServerEvents),
        typeof(AccountStore),
        // RFC 6121 routes presence by the roster (§4), so the roster is read beyond its own module.
        typeof(RosterStore),
        typeof(AccountLifecycle),
    ];

    public static TheoryData<Type> Modules() =>
        [.. typeof(IModule).Assembly.GetTypes().Where(t => typeof(IModule).IsAssignableFrom(t) && !t.IsInterface)];

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_module_depends_only_on_allowed_services(Type module)
    {
        var folder = module.Namespace!;
        foreach (var parameter in module.GetConstructors().SelectMany(c => c.GetParameters()))
        {
            var type = parameter.ParameterType;
            var ownType = type.Namespace == folder;
            var logger = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ILogger<>);
            Assert.True(Allowed.Contains(type) || ownType || logger, $"{module.Name} takes {type.Name}, which is not in the allowed set");
        }
    }

    [Fact]
    public void Every_module_is_in_the_module_list()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.AddModules();
        var listed = services.Select(d => d.ImplementationType).ToHashSet();

        foreach (var module in Modules())
        {
            Assert.Contains(module, listed);
        }
    }
}
