using System.Text;
using Snikket.Installer.Docker;

namespace Snikket.Installer.Tests.Docker;

public sealed class DockerStreamDemultiplexerTests
{
    private static byte[] Frame(byte stream, string text) => Frame(stream, Encoding.UTF8.GetBytes(text));

    private static byte[] Frame(byte stream, byte[] payload)
    {
        var frame = new byte[8 + payload.Length];
        frame[0] = stream;
        frame[4] = (byte)(payload.Length >> 24);
        frame[5] = (byte)(payload.Length >> 16);
        frame[6] = (byte)(payload.Length >> 8);
        frame[7] = (byte)payload.Length;
        payload.CopyTo(frame, 8);
        return frame;
    }

    private static async Task<(string Stdout, string Stderr)> SplitAsync(byte[] input, bool bytePerRead = false)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        Stream source = bytePerRead ? new OneBytePerReadStream(input) : new MemoryStream(input);
        await DockerStreamDemultiplexer.CopyAsync(source, stdout, stderr, CancellationToken.None);
        return (Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    [Fact]
    public async Task Frames_go_to_stdout_and_stderr_by_their_stream_byte()
    {
        var (stdout, stderr) = await SplitAsync([.. Frame(1, "out one\n"), .. Frame(2, "err\n"), .. Frame(1, "out two\n")]);

        Assert.Equal("out one\nout two\n", stdout);
        Assert.Equal("err\n", stderr);
    }

    [Fact]
    public async Task Headers_and_payloads_split_into_single_bytes_are_reassembled()
    {
        var (stdout, stderr) = await SplitAsync([.. Frame(2, "é ü"), .. Frame(1, "line")], bytePerRead: true);

        Assert.Equal("line", stdout);
        Assert.Equal("é ü", stderr);
    }

    [Fact]
    public async Task A_zero_length_frame_is_skipped()
    {
        var (stdout, _) = await SplitAsync([.. Frame(1, ""), .. Frame(1, "after")]);

        Assert.Equal("after", stdout);
    }

    [Fact]
    public async Task An_empty_stream_yields_nothing()
    {
        var (stdout, stderr) = await SplitAsync([]);

        Assert.Equal("", stdout + stderr);
    }

    [Fact]
    public async Task A_frame_larger_than_the_copy_chunk_arrives_whole()
    {
        var payload = new byte[100_000];
        new Random(5).NextBytes(payload);
        using var stdout = new MemoryStream();

        await DockerStreamDemultiplexer.CopyAsync(new MemoryStream(Frame(1, payload)), stdout, Stream.Null, CancellationToken.None);

        Assert.Equal(payload, stdout.ToArray());
    }

    [Fact]
    public async Task A_stream_ending_inside_a_header_is_reported()
    {
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => SplitAsync([.. Frame(1, "ok"), 1, 0, 0]));

        Assert.Contains("inside a frame header (3 of 8 bytes)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_ending_inside_a_payload_is_reported_with_the_shortfall()
    {
        var frame = Frame(1, "twelve bytes");

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => SplitAsync(frame[..^5]));

        Assert.Contains("5 bytes short", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_huge_declared_length_with_no_payload_fails_without_allocating_it()
    {
        byte[] header = [1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF];

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => SplitAsync(header));

        Assert.Contains("4294967295 bytes short", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_stream_byte_suggests_a_tty_stream_read_as_multiplexed()
    {
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => SplitAsync(Encoding.ASCII.GetBytes("plain tty output\n")));

        Assert.Contains("TTY", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_zero_padding_in_a_header_is_refused()
    {
        var frame = Frame(1, "x");
        frame[2] = 7;

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => SplitAsync(frame));

        Assert.Contains("padding", e.Message, StringComparison.Ordinal);
    }

    private sealed class OneBytePerReadStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
