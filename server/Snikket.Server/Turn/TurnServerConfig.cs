using System.Globalization;
using System.Net;
using System.Text;

namespace Snikket.Server.Turn;

/// <summary>
/// Renders coturn 4.6's <c>turnserver.conf</c> from the one configuration: TURN REST credentials
/// (coturn <c>use-auth-secret</c>, draft-uberti-behave-turn-rest) with the shared secret, realm = the
/// domain, STUN/TURN (RFC 8489, RFC 8656) on UDP and TCP, TURN over TLS, a UDP relay range, and
/// the peer restrictions of <see cref="DeniedPeerRanges"/>. turn-config/README.md explains each line.
/// </summary>
/// <param name="Realm">The long-term credential realm (RFC 8489 §9.2): the XMPP domain.</param>
/// <param name="Secret">The shared secret (<see cref="TurnSecret"/>).</param>
/// <param name="CertificatePath">The PEM certificate the XMPP server uses, for TURN over TLS.</param>
/// <param name="KeyPath">Its PEM private key.</param>
/// <param name="DatabasePath">coturn's SQLite file: unused with a shared secret, but coturn opens one anyway and its default is not writable in a container.</param>
/// <param name="Turn">Ports and the NAT address.</param>
/// <param name="PublicAddress">The host's public address when it is behind NAT (<see cref="TurnSettings.InternalAddress"/> set), else null.</param>
internal sealed record TurnServerConfig(
    string Realm,
    string Secret,
    string CertificatePath,
    string KeyPath,
    string DatabasePath,
    TurnSettings Turn,
    IPAddress? PublicAddress)
{
    public string Render()
    {
        var text = new StringBuilder();
        Line(text, "# Written by the Snikket server at start-up from snikket.conf; edits are overwritten.");
        Line(text, "# Why each line is here: turn-config/README.md.");
        Line(text, string.Empty);
        Line(text, "# Listening: STUN/TURN on UDP and TCP, TURN over TLS. One port each, no alternates (RFC 5780 is off).");
        Line(text, Setting("listening-port", Turn.Port));
        Line(text, Setting("tls-listening-port", Turn.TlsPort));
        Line(text, "# Small STUN answers, so the server is a poor amplifier for spoofed requests.");
        Line(text, "no-rfc5780");
        Line(text, "no-stun-backward-compatibility");
        Line(text, "response-origin-only-with-rfc5780");
        Line(text, "no-dtls");
        Line(text, Setting("cert", CertificatePath));
        Line(text, Setting("pkey", KeyPath));
        Line(text, "no-tlsv1");
        Line(text, "no-tlsv1_1");
        if (PublicAddress is not null && Turn.InternalAddress is not null)
        {
            Line(text, "# Behind NAT: relayed addresses are announced with the public address.");
            Line(text, $"external-ip={PublicAddress}/{Turn.InternalAddress}");
        }

        Line(text, string.Empty);
        Line(text, "# Credentials: time-limited TURN REST usernames (expiry:user), HMAC-SHA1 passwords from the shared secret.");
        Line(text, "use-auth-secret");
        Line(text, Setting("static-auth-secret", Secret));
        Line(text, Setting("realm", Realm));
        Line(text, "fingerprint");
        Line(text, Setting("userdb", DatabasePath));
        Line(text, "stale-nonce=600");
        Line(text, string.Empty);
        Line(text, "# Relay: UDP only, in this port range.");
        Line(text, Setting("min-port", Turn.MinRelayPort));
        Line(text, Setting("max-port", Turn.MaxRelayPort));
        Line(text, "no-tcp-relay");
        Line(text, string.Empty);
        Line(text, "# Peers: nothing on the host itself or in networks the public should not reach through us.");
        Line(text, "no-multicast-peers");
        foreach (var range in DeniedPeerRanges.All)
        {
            Line(text, $"# {range.Network}: {range.Reason}");
            Line(text, $"denied-peer-ip={range.First}-{range.Last}");
        }

        Line(text, string.Empty);
        Line(text, "# Operation: no telnet CLI, logs to stdout for docker logs, no version in responses.");
        Line(text, "no-cli");
        Line(text, "log-file=stdout");
        Line(text, "simple-log");
        Line(text, "no-software-attribute");
        return text.ToString();
    }

    private static string Setting(string name, int value) => name + "=" + value.ToString(CultureInfo.InvariantCulture);

    private static string Setting(string name, string value) =>
        value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal)
            ? throw new ArgumentException($"The value for {name} contains a line break; coturn's configuration has one setting per line.", nameof(value))
            : name + "=" + value;

    // Always "\n": coturn reads the file on Linux whatever the platform that wrote it.
    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
