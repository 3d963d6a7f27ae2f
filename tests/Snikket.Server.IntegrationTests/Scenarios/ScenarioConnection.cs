using System.Threading.Channels;
using Snikket.Server.IntegrationTests.Infrastructure;
using Snikket.Xmpp;

namespace Snikket.Server.IntegrationTests.Scenarios;

/// <summary>
/// One logged-in client of a running scenario. A background reader queues everything the server
/// sends, so a step can wait for the next stanza with a timeout without cancelling a read on the
/// TLS stream half-way, and stanzas a barrier ping skipped over can be put back in order.
/// </summary>
internal sealed class ScenarioConnection : IAsyncDisposable
{
    private readonly TestClient _client;
    private readonly Channel<ScenarioReceived> _incoming = Channel.CreateUnbounded<ScenarioReceived>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly LinkedList<ScenarioReceived> _held = new();
    private readonly Task _reading;

    private ScenarioConnection(TestClient client)
    {
        _client = client;
        _reading = Task.Run(ReadAsync);
    }

    /// <summary>The bound full JID.</summary>
    public Jid Jid => _client.Jid ?? throw new InvalidOperationException("The client is not bound.");

    /// <summary>Takes over a client that is logged in and bound; from now on only this reads from it.</summary>
    public static ScenarioConnection Start(TestClient client) => new(client);

    public Task SendAsync(Element stanza) => _client.SendAsync(stanza);

    public Task SendRawAsync(string xml) => _client.SendRawAsync(xml);

    /// <summary>The next thing received (held ones first), or <see langword="null"/> if nothing arrives within <paramref name="timeout"/>.</summary>
    public async Task<ScenarioReceived?> NextAsync(TimeSpan timeout)
    {
        if (_held.First is { } first)
        {
            _held.RemoveFirst();
            return first.Value;
        }

        using var limit = new CancellationTokenSource(timeout);
        try
        {
            return await _incoming.Reader.ReadAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (ChannelClosedException)
        {
            return new ScenarioReceived(null, "the connection had already ended");
        }
    }

    /// <summary>Puts stanzas back in front of the queue, in their original order.</summary>
    public void PutBack(IReadOnlyList<ScenarioReceived> received)
    {
        for (var i = received.Count - 1; i >= 0; i--)
        {
            _held.AddFirst(received[i]);
        }
    }

    /// <summary>
    /// Sends the closing tag and waits for the server to close its side (stanzas still in flight
    /// are dropped); <see langword="false"/> if it does not within <paramref name="timeout"/>.
    /// </summary>
    public async Task<bool> CloseAsync(TimeSpan timeout)
    {
        _held.Clear();
        try
        {
            await _client.SendRawAsync("</stream:stream>");
        }
        catch (IOException)
        {
            return true;
        }

        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            var next = left > TimeSpan.Zero ? await NextAsync(left) : null;
            if (next is null)
            {
                return false;
            }

            if (next.Stanza is null)
            {
                return true;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await _reading;
    }

    private async Task ReadAsync()
    {
        try
        {
            while (true)
            {
                var evt = await _client.ReadEventAsync(Timeout.InfiniteTimeSpan);
                _incoming.Writer.TryWrite(evt.Kind switch
                {
                    StreamEventKind.Element => ScenarioReceived.Of(evt.Element!),
                    StreamEventKind.Closed => new ScenarioReceived(null, "the server closed the stream (</stream:stream>)"),
                    _ => new ScenarioReceived(null, "the server opened a new stream"),
                });
            }
        }
#pragma warning disable CA1031 // Whatever ends the connection (reset, disposal, bad XML) is reported to the step that waits for it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _incoming.Writer.TryWrite(new ScenarioReceived(null, $"the connection ended ({e.GetType().Name}: {e.Message})"));
        }
        finally
        {
            _incoming.Writer.TryComplete();
        }
    }
}
