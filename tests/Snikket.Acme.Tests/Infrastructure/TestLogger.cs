using Microsoft.Extensions.Logging;

namespace Snikket.Acme.Tests.Infrastructure;

/// <summary>Writes log lines to the xUnit output of the running test.</summary>
internal sealed class TestLogger<T>(ITestOutputHelper output) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            output.WriteLine($"{logLevel}: {formatter(state, exception)}");
        }
        catch (InvalidOperationException)
        {
            // The test has finished; a late line from a background task is dropped.
        }
    }
}
