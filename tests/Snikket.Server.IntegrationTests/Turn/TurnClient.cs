using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Snikket.Server.IntegrationTests.Turn;

/// <summary>
/// A small TURN client (RFC 8656) for tests: Binding, Allocate with long-term credentials (the
/// 401 challenge, then USERNAME/REALM/NONCE/MESSAGE-INTEGRITY) and CreatePermission, over UDP, TCP
/// or TLS. Each request waits for the response with the same transaction id; UDP requests are
/// retransmitted (RFC 8489 §6.2.1), with a short interval as the server is on loopback.
/// </summary>
internal sealed class TurnClient : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly IPEndPoint _server;
    private UdpClient? _udp;
    private readonly TcpClient? _tcp;
    private readonly Stream? _stream;
    private string? _username;
    private string? _realm;
    private string? _nonce;
    private byte[]? _key;
    private bool _allocated;

    private TurnClient(IPEndPoint server, UdpClient? udp, TcpClient? tcp, Stream? stream)
    {
        _server = server;
        _udp = udp;
        _tcp = tcp;
        _stream = stream;
    }

    public static async Task<TurnClient> ConnectAsync(TurnTransport transport, IPEndPoint server, string? certificatePath = null, string? host = null)
    {
        if (transport == TurnTransport.Udp)
        {
            var udp = new UdpClient(AddressFamily.InterNetwork);
            udp.Connect(server);
            return new TurnClient(server, udp, null, null);
        }

        var tcp = new TcpClient(AddressFamily.InterNetwork);
        await tcp.ConnectAsync(server);
        if (transport == TurnTransport.Tcp)
        {
            return new TurnClient(server, null, tcp, tcp.GetStream());
        }

        var expected = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(certificatePath!));
        var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
            certificate is not null && certificate.GetCertHashString() == expected.GetCertHashString());
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host });
        return new TurnClient(server, null, tcp, ssl);
    }

    public Task<StunMessage> BindingAsync() => RequestAsync(StunMessage.Request(StunMessage.Binding), key: null);

    /// <summary>RFC 8656 §7.1: Allocate a UDP relay; the first attempt is unauthenticated to learn realm and nonce.</summary>
    public async Task<StunMessage> AllocateAsync(string username, string password, AddressFamily family = AddressFamily.InterNetwork)
    {
        StunMessage Build()
        {
            var request = StunMessage.Request(StunMessage.Allocate).Add(StunMessage.RequestedTransport, StunMessage.Udp());
            return family == AddressFamily.InterNetworkV6 ? request.Add(StunMessage.RequestedAddressFamily, StunMessage.Ipv6()) : request;
        }

        var challenge = await RequestAsync(Build(), key: null);
        if (challenge.Error != 401)
        {
            return challenge;
        }

        _username = username;
        _realm = challenge.Text(StunMessage.Realm)!;
        _nonce = challenge.Text(StunMessage.Nonce)!;
        _key = StunMessage.LongTermKey(username, _realm, password);
        var allocated = await AuthenticatedAsync(Build);
        if (allocated.Error == 437 && _udp is not null)
        {
            // RFC 8656 §7.4: the server still holds state for this 5-tuple (a port the OS handed out
            // again soon after an earlier test's allocation); try again from another port.
            _udp.Dispose();
            _udp = new UdpClient(AddressFamily.InterNetwork);
            _udp.Connect(_server);
            allocated = await AuthenticatedAsync(Build);
        }

        _allocated = allocated.IsSuccess;
        return allocated;
    }

    /// <summary>RFC 8656 §9: permission for a peer address on the allocation made before.</summary>
    public Task<StunMessage> CreatePermissionAsync(IPAddress peer) =>
        AuthenticatedAsync(() =>
        {
            var request = StunMessage.Request(StunMessage.CreatePermission);
            return request.Add(StunMessage.XorPeerAddress, request.XorAddress(new IPEndPoint(peer, 9)));
        });

    public async ValueTask DisposeAsync()
    {
        if (_allocated)
        {
            // RFC 8656 §8: a Refresh with lifetime 0 ends the allocation, as a client does after a
            // call, so the credentials' allocation quota is not used up by finished tests.
            await AuthenticatedAsync(() => StunMessage.Request(StunMessage.Refresh).Add(StunMessage.Lifetime, [0, 0, 0, 0]));
        }

        if (_stream is not null)
        {
            await _stream.DisposeAsync();
        }

        _tcp?.Dispose();
        _udp?.Dispose();
    }

    private async Task<StunMessage> AuthenticatedAsync(Func<StunMessage> build)
    {
        var response = await RequestAsync(Sign(build()), _key);
        if (response.Error == 438)
        {
            // RFC 8489 §9.2.5: stale nonce; the error carries a fresh one to retry with.
            _nonce = response.Text(StunMessage.Nonce)!;
            response = await RequestAsync(Sign(build()), _key);
        }

        return response;
    }

    private StunMessage Sign(StunMessage request) => request
        .Add(StunMessage.Username, _username!)
        .Add(StunMessage.Realm, _realm!)
        .Add(StunMessage.Nonce, _nonce!);

    private async Task<StunMessage> RequestAsync(StunMessage request, byte[]? key)
    {
        var bytes = request.Encode(key);
        using var deadline = new CancellationTokenSource(Timeout);
        if (_udp is not null)
        {
            while (true)
            {
                await _udp.SendAsync(bytes, deadline.Token);
                using var retransmit = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
                retransmit.CancelAfter(TimeSpan.FromMilliseconds(500));
                try
                {
                    while (true)
                    {
                        var received = await _udp.ReceiveAsync(retransmit.Token);
                        var response = StunMessage.Decode(received.Buffer);
                        if (response.TransactionId.AsSpan().SequenceEqual(request.TransactionId))
                        {
                            return response;
                        }
                    }
                }
                catch (OperationCanceledException) when (!deadline.IsCancellationRequested)
                {
                    // No answer yet: send again.
                }
            }
        }

        await _stream!.WriteAsync(bytes, deadline.Token);
        while (true)
        {
            var header = new byte[20];
            await _stream.ReadExactlyAsync(header, deadline.Token);
            var message = new byte[20 + BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2))];
            header.CopyTo(message, 0);
            await _stream.ReadExactlyAsync(message.AsMemory(20), deadline.Token);
            var response = StunMessage.Decode(message);
            if (response.TransactionId.AsSpan().SequenceEqual(request.TransactionId))
            {
                return response;
            }
        }
    }
}
