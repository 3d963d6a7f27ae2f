using System.Globalization;
using Snikket.Server.Hosting;
using Snikket.Server.Routing;
using Snikket.Xmpp;
using Snikket.Xmpp.Stanzas;

namespace Snikket.Server.Modules.ExternalServices;

/// <summary>
/// XEP-0215: External Service Discovery. Tells the server's own accounts where the STUN and TURN
/// relay (coturn, compose <c>snikket_turn</c>) is, with time-limited TURN credentials
/// (<see cref="TurnCredentials"/>), so calls work behind NAT without anyone typing a TURN password.
/// </summary>
[Xep(215, "1.0.0")]
internal sealed class ExternalServicesModule(ExternalServicesOptions options, ServerInfo server, TimeProvider time) : IModule
{
    public const string Ns = "urn:xmpp:extdisco:2";

    private readonly IReadOnlyList<ExternalService> _services = options.Host is not { } host ? [] :
    [
        new("stun", host, options.Port, "udp"),
        new("stun", host, options.Port, "tcp"),
        new("turn", host, options.Port, "udp"),
        new("turn", host, options.Port, "tcp"),
        new("turns", host, options.TlsPort, "tcp"),
    ];

    public void Register(ModuleRegistry module)
    {
        if (options.Host is null)
        {
            // SNIKKET_TWEAK_TURNSERVER=0: no relay exists, so the feature is not offered and the
            // queries are answered like any other unknown namespace.
            return;
        }

        module.AddFeature(To.Host, Ns);
        module.OnIq(IqType.Get, To.Host, Ns, "services", ServicesAsync);
        module.OnIq(IqType.Get, To.Host, Ns, "credentials", CredentialsAsync);
    }

    /// <summary>§3.1 all services, §3.2 the services of one type (an unknown type gets an empty list).</summary>
    private async ValueTask ServicesAsync(IqRequest iq, CancellationToken ct)
    {
        if (Refuse(iq) is { } refused)
        {
            await iq.ErrorAsync(refused, ct);
            return;
        }

        var type = iq.Payload.GetAttribute("type");
        var reply = iq.Result();
        var list = reply.AddElement("services", Ns).SetAttribute("type", type);
        var credentials = Mint(iq.From);
        foreach (var service in _services.Where(s => type is null || s.Type == type))
        {
            list.Add(Describe(service, credentials));
        }

        await iq.ReplyAsync(reply, ct);
    }

    /// <summary>§3.3: fresh credentials for the named service(s) (host and type required, port optional).</summary>
    private async ValueTask CredentialsAsync(IqRequest iq, CancellationToken ct)
    {
        if (Refuse(iq) is { } refused)
        {
            await iq.ErrorAsync(refused, ct);
            return;
        }

        var wanted = iq.Payload.Elements("service", Ns).ToList();
        if (wanted.Count == 0 || wanted.Any(w => string.IsNullOrEmpty(w.GetAttribute("host")) || string.IsNullOrEmpty(w.GetAttribute("type"))))
        {
            await iq.ErrorAsync(StanzaError.BadRequest("Name the service inside <credentials/>: <service host='…' type='turn'/>, both attributes required."), ct);
            return;
        }

        var credentials = Mint(iq.From);
        var reply = iq.Result();
        var list = reply.AddElement("credentials", Ns);
        foreach (var request in wanted)
        {
            var matches = _services.Where(s => s.Restricted && Matches(s, request)).ToList();
            if (matches.Count == 0)
            {
                await iq.ErrorAsync(
                    StanzaError.ItemNotFound($"This server has no {request.GetAttribute("type")} service at {request.GetAttribute("host")} that needs credentials; ask for the list with <services xmlns='{Ns}'/>."),
                    ct);
                return;
            }

            foreach (var service in matches)
            {
                list.Add(Describe(service, credentials));
            }
        }

        await iq.ReplyAsync(reply, ct);
    }

    /// <summary>
    /// §7 (security): credentials let their holder use our relay, so only this server's own accounts
    /// get them. Local sessions are the only senders today; the check keeps it so when s2s arrives.
    /// </summary>
    private StanzaError? Refuse(IqRequest iq) =>
        iq.From.Local is null || !string.Equals(iq.From.Domain, server.DomainJid.Domain, StringComparison.Ordinal)
            ? StanzaError.Forbidden("Only accounts on this server may use its TURN relay.")
            : null;

    private TurnCredentials Mint(Jid requester) =>
        TurnCredentials.For(requester.Local!, time.GetUtcNow(), options.CredentialLifetime, options.Secret);

    private static bool Matches(ExternalService service, Element request) =>
        service.Type == request.GetAttribute("type")
        && string.Equals(service.Host, request.GetAttribute("host"), StringComparison.OrdinalIgnoreCase)
        && (request.GetAttribute("port") is not { } port || port == service.Port.ToString(CultureInfo.InvariantCulture))
        && (request.GetAttribute("transport") is not { } transport || transport == service.Transport);

    private static Element Describe(ExternalService service, TurnCredentials credentials)
    {
        var element = new Element("service", Ns)
            .SetAttribute("type", service.Type)
            .SetAttribute("host", service.Host)
            .SetAttribute("port", service.Port.ToString(CultureInfo.InvariantCulture))
            .SetAttribute("transport", service.Transport);
        if (service.Restricted)
        {
            // §3.3 allows handing credentials out with the list; clients (Conversations, Dino) expect them there.
            element
                .SetAttribute("restricted", "1")
                .SetAttribute("username", credentials.Username)
                .SetAttribute("password", credentials.Password)
                .SetAttribute("expires", credentials.Expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        return element;
    }
}
