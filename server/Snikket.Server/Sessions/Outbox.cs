using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;
using Snikket.Xmpp;

namespace Snikket.Server.Sessions;

/// <summary>
/// A session's bounded queue of outgoing stanzas and the single loop that writes them. Other
/// sessions enqueue and never wait; only <see cref="RunAsync"/> touches the <see cref="PipeWriter"/>,
/// so no lock is needed, each sender's order is kept, and writes that arrive together are flushed
/// together. A full queue means the reader is too slow: the caller closes the session.
/// </summary>
internal sealed class Outbox(int capacity)
{
    /// <summary>A whitespace keepalive (RFC 6120 §4.6.1), queued like a stanza so it keeps its place.</summary>
    public static readonly Element Keepalive = new("keepalive", "urn:snikket:internal");

    private static readonly byte[] s_closeTag = "</stream:stream>"u8.ToArray();

    private readonly Channel<Element> _queue = Channel.CreateBounded<Element>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private StreamErrorException? _closeError;
    private int _closing;

    /// <summary>Environment.TickCount64 of the last flush; read by the heartbeat for keepalives.</summary>
    public long LastWrite { get; private set; } = Environment.TickCount64;

    /// <summary>Queues a stanza; false when the queue is full or closed.</summary>
    public bool TryEnqueue(Element stanza) => _queue.Writer.TryWrite(stanza);

    /// <summary>
    /// Ends the stream: the writer drains what is queued, then writes <paramref name="error"/> (if any)
    /// and the closing tag. Only the first call counts.
    /// </summary>
    public void Close(StreamErrorException? error)
    {
        if (Interlocked.Exchange(ref _closing, 1) == 0)
        {
            _closeError = error;
            _queue.Writer.TryComplete();
        }
    }

    public bool IsClosing => Volatile.Read(ref _closing) == 1;

    /// <summary>The writer loop; returns after the closing tag is flushed (or the connection is gone).</summary>
    public async Task RunAsync(PipeWriter output, string contentNamespace, CancellationToken ct)
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(ct))
            {
                while (reader.TryRead(out var stanza))
                {
                    if (ReferenceEquals(stanza, Keepalive))
                    {
                        output.Write(" "u8);
                    }
                    else
                    {
                        StanzaWriter.Write(stanza, output, contentNamespace);
                    }
                }

                var flush = await output.FlushAsync(ct);
                LastWrite = Environment.TickCount64;
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    return;
                }
            }

            if (_closeError is not null)
            {
                StanzaWriter.Write(_closeError.ToElement(), output, contentNamespace);
            }

            output.Write(s_closeTag);
            await output.FlushAsync(ct);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The connection went away under us: there is nobody left to write to.
        }
    }
}
