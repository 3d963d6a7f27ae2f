using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;
using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Sessions;

/// <summary>
/// A session's bounded queue of outgoing stanzas and the single loop that writes them. Other
/// sessions enqueue and never wait; only the writer touches the <see cref="PipeWriter"/>, so no
/// lock is needed, each sender's order is kept, and writes that arrive together are flushed
/// together. A full queue means the reader is too slow: the caller closes the session.
/// With stream management the queue outlives a connection: the writer stops, the queue keeps
/// filling, and a writer on the resumed connection carries on where the old one stopped.
/// </summary>
internal sealed class Outbox(int capacity)
{
    /// <summary>A whitespace keepalive (RFC 6120 §4.6.1), queued like a stanza so it keeps its place.</summary>
    public static readonly Element Keepalive = new("keepalive", "urn:snikket:internal");

    private static readonly byte[] s_closeTag = "</stream:stream>"u8.ToArray();
    private static readonly Element s_ackRequest = new("r", StreamManagement.Ns);

    private readonly Channel<Element> _queue = Channel.CreateBounded<Element>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private StreamErrorException? _closeError;
    private int _closing;
    private CancellationTokenSource? _run;
    private Task _writer = Task.CompletedTask;
    private StreamManagement? _enabling;

    /// <summary>Environment.TickCount64 of the last flush; read by the heartbeat for keepalives.</summary>
    public long LastWrite { get; private set; } = Environment.TickCount64;

    /// <summary>
    /// Counts written stanzas for XEP-0198 once set. It is set by the writer when it writes the
    /// &lt;enabled/&gt; answer, so counting starts exactly where the client's does.
    /// </summary>
    public StreamManagement? Counting { get; private set; }

    public bool IsClosing => Volatile.Read(ref _closing) == 1;

    /// <summary>
    /// Queues the &lt;enabled/&gt; answer; counting for <paramref name="sm"/> starts when the writer
    /// writes it, after every stanza queued before it.
    /// </summary>
    public bool TryEnableCounting(StreamManagement sm, Element enabled)
    {
        _enabling = sm;
        return TryEnqueue(enabled);
    }

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

    /// <summary>
    /// Starts the writer loop on <paramref name="output"/>; <paramref name="resend"/> (unacknowledged
    /// stanzas of a resumed session) goes out first. The task ends after the closing tag is flushed,
    /// the connection is gone, or <see cref="DetachAsync"/> stopped it.
    /// </summary>
    public Task Start(PipeWriter output, string contentNamespace, IReadOnlyList<Element>? resend, CancellationToken ct)
    {
        // The previous writer (if any) has finished: DetachAsync awaited it.
        _run?.Dispose();
        var run = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _run = run;
        _writer = RunAsync(output, contentNamespace, resend, run);
        return _writer;
    }

    /// <summary>Stops the writer without closing the queue (the connection is gone; the session waits to be resumed).</summary>
    public async Task DetachAsync()
    {
        if (_run is { } run && !_writer.IsCompleted)
        {
            await run.CancelAsync();
        }

        await _writer;
    }

    /// <summary>Takes whatever is still queued (after the writer stopped), for a session that is ending.</summary>
    public List<Element> Drain()
    {
        var left = new List<Element>();
        while (_queue.Reader.TryRead(out var stanza))
        {
            if (!ReferenceEquals(stanza, Keepalive) && Stanza.IsStanza(stanza, Ns.Client))
            {
                left.Add(stanza);
            }
        }

        return left;
    }

    private async Task RunAsync(PipeWriter output, string contentNamespace, IReadOnlyList<Element>? resend, CancellationTokenSource run)
    {
        var ct = run.Token;
        var reader = _queue.Reader;
        try
        {
            foreach (var stanza in resend ?? [])
            {
                StanzaWriter.Write(stanza, output, contentNamespace);
            }

            while (await reader.WaitToReadAsync(ct))
            {
                while (reader.TryRead(out var stanza))
                {
                    Write(stanza, output, contentNamespace);
                }

                if (Counting?.ShouldRequestAck() == true)
                {
                    StanzaWriter.Write(s_ackRequest, output, contentNamespace);
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
            // The connection went away under us (or the session moved to another one): nobody left to write to.
        }
    }

    private void Write(Element stanza, PipeWriter output, string contentNamespace)
    {
        if (ReferenceEquals(stanza, Keepalive))
        {
            output.Write(" "u8);
            return;
        }

        if (Counting is { } counting && Stanza.IsStanza(stanza, Ns.Client) && !counting.Sent(stanza))
        {
            // XEP-0198 gives no limit, but memory needs one: a client that never acknowledges ends here.
            Close(new StreamErrorException(StreamErrorCondition.ResourceConstraint, "Too many stanzas left unacknowledged."));
        }

        StanzaWriter.Write(stanza, output, contentNamespace);
        if (stanza.Name == "enabled" && stanza.Namespace == StreamManagement.Ns)
        {
            Counting = _enabling;
        }
    }
}
