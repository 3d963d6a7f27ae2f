using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Snikket.Server.Connections;
using Snikket.Server.Streams;
using Snikket.Server.Tls;

namespace Snikket.Server.Hosting;

/// <summary>
/// Kestrel's listeners: client-to-server with STARTTLS, client-to-server over direct TLS
/// (XEP-0368, ALPN <c>xmpp-client</c>), and the internal HTTP port on loopback. The bound
/// endpoints are kept so callers (tests, logs) can learn ports chosen by the OS.
/// </summary>
internal sealed class Endpoints
{
    private readonly List<ListenOptions> _clientStartTls = [];
    private readonly List<ListenOptions> _clientDirectTls = [];
    private readonly List<ListenOptions> _internalHttp = [];

    public IPEndPoint ClientStartTls => Bound(_clientStartTls);

    public IPEndPoint ClientDirectTls => Bound(_clientDirectTls);

    public IPEndPoint InternalHttp => Bound(_internalHttp);

    public void Configure(KestrelServerOptions kestrel, ListenPlan plan, Func<ServerCertificate> currentCertificate)
    {
        void Listen(IPAddress? address, int port, Action<ListenOptions> configure)
        {
            if (address is null)
            {
                // Every interface, IPv6 and IPv4 where the host has both.
                kestrel.ListenAnyIP(port, configure);
            }
            else
            {
                kestrel.Listen(address, port, configure);
            }
        }

        IReadOnlyList<IPAddress?> clientAddresses = plan.ClientAddresses.Count == 0 ? [null] : [.. plan.ClientAddresses];
        foreach (var address in clientAddresses)
        {
            Listen(address, plan.ClientPort, listen =>
            {
                listen.UseConnectionHandler<ClientConnectionHandler>();
                _clientStartTls.Add(listen);
            });
            Listen(address, plan.ClientDirectTlsPort, listen =>
            {
                listen.UseHttps(new TlsHandshakeCallbackOptions
                {
                    OnConnection = context =>
                    {
                        var certificate = currentCertificate();
                        context.Connection.Items[ClientStream.CertificateItem] = certificate;
                        return ValueTask.FromResult(TlsSettings.ServerOptions(certificate, [TlsSettings.XmppClient]));
                    },
                    HandshakeTimeout = TimeSpan.FromSeconds(30),
                });
                listen.UseConnectionHandler<ClientConnectionHandler>();
                _clientDirectTls.Add(listen);
            });
        }

        foreach (var address in plan.InternalHttpAddresses)
        {
            kestrel.Listen(address, plan.InternalHttpPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                _internalHttp.Add(listen);
            });
        }
    }

    private static IPEndPoint Bound(List<ListenOptions> listeners) =>
        listeners.Count > 0 && listeners[0].EndPoint is IPEndPoint endPoint
            ? endPoint
            : throw new InvalidOperationException("The listener is not bound yet.");
}
