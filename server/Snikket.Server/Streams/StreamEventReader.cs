using System.IO.Pipelines;
using Snikket.Xmpp;

namespace Snikket.Server.Streams;

/// <summary>
/// The read side of one stream: pulls bytes from a <see cref="PipeReader"/> through the
/// restricted-XML parser and yields one <see cref="StreamEvent"/> at a time. Nothing here keeps a
/// buffer or position across reads; the parser copies out what it needs.
/// </summary>
internal sealed class StreamEventReader(PipeReader reader, XmlStreamParser parser)
{
    private int _timedOut;

    /// <summary>True when bytes followed the last event in the same read (e.g. pipelined after &lt;starttls/&gt;).</summary>
    public bool HasBufferedBytes { get; private set; }

    /// <summary>Environment.TickCount64 of the last bytes received.</summary>
    public long LastRead { get; private set; } = Environment.TickCount64;

    /// <summary>Total bytes consumed, for accounting and tests.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The next event, or null when the peer closed the connection.</summary>
    public async ValueTask<StreamEvent?> ReadAsync(CancellationToken ct)
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct);
            if (result.IsCanceled)
            {
                if (Interlocked.Exchange(ref _timedOut, 0) == 1)
                {
                    throw new StreamErrorException(StreamErrorCondition.ConnectionTimeout, "Nothing was received for too long.");
                }

                return null;
            }

            var buffer = result.Buffer;
            var before = buffer.Length;
            if (before > 0)
            {
                LastRead = Environment.TickCount64;
            }

            bool produced;
            StreamEvent evt;
            try
            {
                produced = parser.TryRead(ref buffer, out evt);
            }
            catch (StreamErrorException)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                throw;
            }

            BytesRead += before - buffer.Length;
            if (produced)
            {
                HasBufferedBytes = !buffer.IsEmpty;
                reader.AdvanceTo(buffer.Start);
                return evt;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// Drops white space already received after the last event (a newline after &lt;starttls/&gt;,
    /// say). Returns false, consuming nothing, when anything else is waiting.
    /// </summary>
    public async ValueTask<bool> DiscardBufferedWhitespaceAsync(CancellationToken ct)
    {
        if (!HasBufferedBytes)
        {
            return true;
        }

        var result = await reader.ReadAsync(ct);
        var buffer = result.Buffer;
        foreach (var segment in buffer)
        {
            if (segment.Span.IndexOfAnyExcept(" \t\r\n"u8) >= 0)
            {
                reader.AdvanceTo(buffer.Start);
                return false;
            }
        }

        reader.AdvanceTo(buffer.End);
        HasBufferedBytes = false;
        return true;
    }

    /// <summary>Makes the pending read end with a connection-timeout stream error (called by the heartbeat).</summary>
    public void TimeOut()
    {
        Interlocked.Exchange(ref _timedOut, 1);
        reader.CancelPendingRead();
    }

    /// <summary>Makes the pending read end as if the peer had closed (used to stop a session from outside).</summary>
    public void Stop() => reader.CancelPendingRead();
}
