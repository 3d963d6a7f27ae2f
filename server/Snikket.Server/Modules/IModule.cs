using Snikket.Server.Routing;

namespace Snikket.Server.Modules;

/// <summary>
/// A feature (usually one XEP): declares its handlers once, at start-up. Dependencies come through
/// the constructor, from the allowed set (its own store and options, <see cref="Sessions.SessionRegistry"/>,
/// <see cref="IStanzaSender"/>, <see cref="TimeProvider"/>, loggers, server identity, the account
/// directory and its <see cref="Accounts.AccountLifecycle"/>, the roster (which RFC 6121 presence routing reads),
/// <see cref="ServerEvents"/> and the handler table); ModuleDependencyTests keeps it so.
/// </summary>
internal interface IModule
{
    void Register(ModuleRegistry module);
}
