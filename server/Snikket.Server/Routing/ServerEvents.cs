namespace Snikket.Server.Routing;

/// <summary>
/// Publishes domain events (<see cref="Sessions.SessionBound"/>, <see cref="Sessions.SessionClosed"/>,
/// <see cref="Accounts.AccountDeleted"/>…) to the handlers modules declared with
/// <see cref="ModuleRegistry.On{TEvent}"/>, in registration order, awaiting each.
/// </summary>
internal sealed partial class ServerEvents(Func<HandlerTable> table, ILogger<ServerEvents> logger)
{
    public async ValueTask PublishAsync<TEvent>(TEvent evt, CancellationToken ct)
        where TEvent : notnull
    {
        foreach (var handler in table().EventHandlers<TEvent>())
        {
            try
            {
                await handler(evt, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One module's failure must not keep the others from hearing about the event.
                Log.HandlerFailed(logger, typeof(TEvent).Name, e);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "A handler of {Event} failed")]
        public static partial void HandlerFailed(ILogger logger, string @event, Exception exception);
    }
}
