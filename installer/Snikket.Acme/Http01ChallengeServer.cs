using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Snikket.Acme;

/// <summary>
/// A minimal HTTP/1.1 responder for http-01 (RFC 8555 §8.3) where no web proxy runs (tests,
/// <c>snikket run</c> without Docker): answers <c>GET /.well-known/acme-challenge/&lt;token&gt;</c>
/// from a <see cref="ChallengeWebroot"/> with <c>200 text/plain</c>, anything else with 404, and
/// closes every connection after one answer.
/// </summary>
public sealed partial class Http01ChallengeServer : IAsyncDisposable
{
    private const string Prefix = "/.well-known/acme-challenge/";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener;
    private readonly ChallengeWebroot _webroot;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private int _served;

    /// <summary>Starts listening on <paramref name="endpoint"/> (port 0 picks a free port).</summary>
    public Http01ChallengeServer(IPEndPoint endpoint, ChallengeWebroot webroot, ILogger logger)
    {
        _webroot = webroot;
        _logger = logger;
        _listener = new TcpListener(endpoint);
        _listener.Start();
        _acceptLoop = AcceptAsync(_stop.Token);
    }

    /// <summary>The address actually listened on.</summary>
    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>How many challenge files were served (for tests and logs).</summary>
    public int Served => Volatile.Read(ref _served);

    private async Task AcceptAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = AnswerAsync(client, stop);
        }
    }

    private async Task AnswerAsync(TcpClient client, CancellationToken stop)
    {
        using (client)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(RequestTimeout);
            try
            {
                var stream = client.GetStream();
                var requestLine = await ReadHeadAsync(stream, timeout.Token).ConfigureAwait(false);
                var parts = requestLine.Split(' ');
                var (status, body) = parts is ["GET" or "HEAD", var target, _] ? Lookup(target) : ("400 Bad Request", "bad request\n");
                var bodyBytes = Encoding.ASCII.GetBytes(body);
                var head = $"HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nContent-Length: {bodyBytes.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token).ConfigureAwait(false);
                if (parts[0] != "HEAD")
                {
                    await stream.WriteAsync(bodyBytes, timeout.Token).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or InvalidDataException)
            {
                Log.RequestFailed(_logger, e.Message);
            }
        }
    }

    private (string Status, string Body) Lookup(string target)
    {
        var token = target.StartsWith(Prefix, StringComparison.Ordinal) ? target[Prefix.Length..] : null;
        if (token is null || !ChallengeWebroot.IsValidToken(token))
        {
            return ("404 Not Found", "not found\n");
        }

        try
        {
            var content = File.ReadAllText(Path.Combine(_webroot.ChallengeDirectory, token));
            Interlocked.Increment(ref _served);
            return ("200 OK", content);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return ("404 Not Found", "no such challenge\n");
        }
    }

    /// <summary>Reads up to the blank line ending the request head (at most 8 KiB) and returns the request line.</summary>
    private static async Task<string> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        var length = 0;
        while (true)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new InvalidDataException("connection closed before the request head ended");
            }

            length += read;
            var text = Encoding.ASCII.GetString(buffer, 0, length);
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                return text[..text.IndexOf("\r\n", StringComparison.Ordinal)];
            }

            if (length == buffer.Length)
            {
                throw new InvalidDataException("request head over 8 KiB");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "http-01 request not answered: {Reason}")]
        public static partial void RequestFailed(ILogger logger, string reason);
    }
}
