using System.Buffers.Binary;

namespace Snikket.Installer.Docker;

/// <summary>
/// Splits a Docker Engine API multiplexed stream (API v1.41, "Attach to a container", "Stream
/// format"): each frame is an 8-byte header — stream type (0 stdin, 1 stdout, 2 stderr), three zero
/// bytes, a big-endian 32-bit payload length — followed by the payload. Used for container logs and
/// exec output of containers without a TTY. Payloads are copied through in chunks, never buffered
/// whole, so a hostile length costs no memory.
/// </summary>
internal static class DockerStreamDemultiplexer
{
    private const int HeaderLength = 8;
    private const int ChunkLength = 16 * 1024;

    /// <summary>
    /// Copies every frame of <paramref name="input"/> to <paramref name="stdout"/> or
    /// <paramref name="stderr"/> until the input ends between two frames.
    /// </summary>
    /// <exception cref="InvalidDataException">A header names an unknown stream, its padding is not
    /// zero, or the input ends inside a header or a payload.</exception>
    public static async Task CopyAsync(Stream input, Stream stdout, Stream stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var header = new byte[HeaderLength];
        var chunk = new byte[ChunkLength];
        while (true)
        {
            var got = await input.ReadAtLeastAsync(header, HeaderLength, throwOnEndOfStream: false, cancellationToken);
            if (got == 0)
            {
                return;
            }

            if (got < HeaderLength)
            {
                throw new InvalidDataException($"The Docker engine's stream ended inside a frame header ({got} of {HeaderLength} bytes).");
            }

            var target = header[0] switch
            {
                // stdin is never echoed in logs or exec output; a daemon that sends it anyway gets it shown as output.
                0 or 1 => stdout,
                2 => stderr,
                _ => throw new InvalidDataException($"The Docker engine sent a frame for stream {header[0]}; only 0, 1 and 2 exist. Is this a TTY container read as multiplexed?"),
            };
            if (header[1] != 0 || header[2] != 0 || header[3] != 0)
            {
                throw new InvalidDataException("The Docker engine sent a frame header with non-zero padding; the stream is not multiplexed or is corrupt.");
            }

            long remaining = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
            while (remaining > 0)
            {
                var want = (int)Math.Min(remaining, chunk.Length);
                var read = await input.ReadAsync(chunk.AsMemory(0, want), cancellationToken);
                if (read == 0)
                {
                    throw new InvalidDataException($"The Docker engine's stream ended inside a frame, {remaining} bytes short.");
                }

                await target.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
                remaining -= read;
            }
        }
    }
}
