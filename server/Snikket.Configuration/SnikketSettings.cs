using System.Collections.Frozen;

namespace Snikket.Configuration;

/// <summary>
/// Every <c>SNIKKET_*</c> key this appliance understands. This table is the one place a setting
/// is defined: the loader validates against it, <see cref="ExampleFile"/> renders it, the
/// installer prompts from it, and <see cref="SnikketOptions"/> takes its defaults from it.
/// </summary>
public static class SnikketSettings
{
    /// <summary>The settings in example-file order: by <see cref="SettingGroup"/>, then as listed.</summary>
    public static IReadOnlyList<SnikketSetting> All { get; } = Build();

    private static readonly FrozenDictionary<string, SnikketSetting> ByKey =
        All.ToFrozenDictionary(s => s.Key, StringComparer.Ordinal);

    /// <summary>The setting named <paramref name="key"/> (case-sensitive, as environment variables are).</summary>
    /// <exception cref="KeyNotFoundException">No such setting.</exception>
    public static SnikketSetting Get(string key) =>
        ByKey.TryGetValue(key, out var setting) ? setting : throw new KeyNotFoundException($"{key} is not a Snikket setting.");

    /// <summary>Looks up a setting without throwing.</summary>
    public static bool TryGet(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SnikketSetting? setting) =>
        ByKey.TryGetValue(key, out setting);

    /// <summary>The heading of a group in the example file.</summary>
    public static string GroupTitle(SettingGroup group) => group switch
    {
        SettingGroup.Required => "Required",
        SettingGroup.Site => "About this service",
        SettingGroup.Storage => "Retention, storage and database",
        SettingGroup.Operation => "Logging, updates and email",
        SettingGroup.Certificates => "Certificates and TLS",
        SettingGroup.Web => "Web proxy and portal",
        SettingGroup.Xmpp => "XMPP connections and limits",
        SettingGroup.Turn => "Audio and video calls (TURN)",
        _ => throw new ArgumentOutOfRangeException(nameof(group)),
    };

    /// <summary>
    /// The data directory used when <c>SNIKKET_TWEAK_DATA_DIR</c> is unset: <c>/snikket</c> (the
    /// data volume) inside a container, <c>./data</c> otherwise, so <c>snikket run</c> on a
    /// workstation never writes to the filesystem root.
    /// </summary>
    /// <param name="runningInContainer">Whether <c>DOTNET_RUNNING_IN_CONTAINER</c> is <c>true</c>
    /// (set by Microsoft's .NET container images).</param>
    public static string DefaultDataDir(bool runningInContainer) => runningInContainer ? "/snikket" : "./data";

    private static SnikketSetting[] Build()
    {
        string[] http = ["https", "http"];
        SnikketSetting[] settings =
        [
            // Required.
            new(SnikketKeys.Domain, null,
                "The domain name of this chat service. Addresses of users end in it (alice@chat.example.com). "
                + "In DNS, this name and its subdomains groups.<domain> and share.<domain> must point at this server. "
                + "Choose with care: changing it later loses every account and conversation.",
                SettingGroup.Required, SettingKind.DomainName)
            {
                Required = true, Summary = "the domain name of this service", Example = "chat.example.com",
            },
            new(SnikketKeys.AdminEmail, null,
                "The operator's email address. The certificate authority sends expiry and policy notices to it, "
                + "it is published to clients and other servers as the administrative contact (XEP-0157), and the "
                + "portal shows it as the place to ask for help.",
                SettingGroup.Required, SettingKind.Email)
            {
                Required = true, Summary = "the operator's contact address", Example = "you@example.com",
            },

            // About this service.
            new(SnikketKeys.SiteName, null,
                "The name of this service as people see it: in portal and invite page titles, as the server's "
                + "name in clients, and as the name of the circle new users join by default.",
                SettingGroup.Site, SettingKind.Text)
            {
                Min = 1, Max = 100, Summary = "the display name of this service", DefaultText = "the domain",
            },
            new(SnikketKeys.AbuseEmail, null,
                "Where to report abuse by users of this server (spam, harassment). Published to clients and "
                + "other servers (XEP-0157 abuse-addresses) and on the portal's policies page.",
                SettingGroup.Site, SettingKind.Email)
            {
                Summary = "the abuse contact address", DefaultText = "none published",
            },
            new(SnikketKeys.SecurityEmail, null,
                "Where to report security problems with this server. Published as XEP-0157 security-addresses "
                + "and in /.well-known/security.txt.",
                SettingGroup.Site, SettingKind.Email)
            {
                Summary = "the security contact address", DefaultText = "none published",
            },
            new(SnikketKeys.TosUri, null,
                "A web page with this service's terms. When set, the portal's /terms page redirects to it and "
                + "the invite page tells new users that continuing means accepting them.",
                SettingGroup.Site, SettingKind.Url)
            {
                AllowedValues = http, Summary = "the terms of service page", DefaultText = "none",
            },
            new(SnikketKeys.PrivacyUri, null,
                "A web page with this service's privacy policy. When set, the portal's /privacy page redirects to it.",
                SettingGroup.Site, SettingKind.Url)
            {
                AllowedValues = http, Summary = "the privacy policy page", DefaultText = "none",
            },
            new(SnikketKeys.UserInvites, "1",
                "Whether users who are not administrators may invite people from their app (a contact "
                + "invite that can also create an account here). Limited users never can. Turn it off "
                + "for a service where only administrators decide who joins.",
                SettingGroup.Site, SettingKind.Boolean)
            {
                Summary = "let normal users invite people",
            },

            // Retention, storage and database.
            new(SnikketKeys.RetentionDays, "7",
                "How many days the server keeps message history (the archive that keeps a user's devices in "
                + "step) and uploaded files; older ones are deleted. Accounts that users delete themselves can "
                + "be restored for the same number of days.",
                SettingGroup.Storage, SettingKind.WholeNumber)
            {
                Min = 1, Max = 3650, Summary = "days to keep messages and uploads",
            },
            new(SnikketKeys.UploadStorageGb, null,
                "The most disk space all uploaded files together may take, in gigabytes (1 GB = 1024^3 bytes). "
                + "At the limit, new uploads are refused until old ones expire. 0 turns file sharing off.",
                SettingGroup.Storage, SettingKind.SizeGb)
            {
                Min = 0, Max = 1_000_000, Summary = "total upload storage in GB", DefaultText = "unlimited",
            },
            new(SnikketKeys.DailyUploadLimitPerUserGb, "1",
                "How many gigabytes one user may upload per day, so that one account cannot fill the disk. "
                + "0 stops users uploading at all.",
                SettingGroup.Storage, SettingKind.SizeGb)
            {
                Min = 0, Max = 1_000_000, Summary = "upload volume per user per day in GB",
            },
            new(SnikketKeys.DataDir, null,
                "The directory holding everything the service stores: uploaded files, certificates, the secrets "
                + "generated at first start, and the SQLite database when no PostgreSQL is configured. "
                + "Back it up. A relative path is relative to the working directory.",
                SettingGroup.Storage, SettingKind.FilePath)
            {
                Summary = "where data is stored",
                DefaultText = "/snikket inside a container (when DOTNET_RUNNING_IN_CONTAINER=true; the data "
                    + "volume), ./data otherwise",
            },
            new(SnikketKeys.DatabaseUrl, null,
                "The database for accounts, contacts and message history. Empty: an embedded SQLite file, "
                + "<data-dir>/snikket.sqlite, which needs no setup and suits a small server. A "
                + "postgres://user:password@host:port/database URL (postgresql:// works too) uses that "
                + "PostgreSQL server instead. The port defaults to 5432; write special characters in the user "
                + "name or password %-encoded (@ as %40, : as %3A, / as %2F); add ?sslmode=require (or another "
                + "libpq sslmode) to insist on TLS.",
                SettingGroup.Storage, SettingKind.PostgresUrl)
            {
                Secret = true, Summary = "the database connection", DefaultText = "the embedded SQLite file",
            },

            // Logging, updates and email.
            new(SnikketKeys.LogLevel, "info",
                "How much the services log: error, warn, info or debug. Use debug only while chasing a problem; "
                + "it is verbose, though passwords and message bodies are never logged.",
                SettingGroup.Operation, SettingKind.Choice)
            {
                AllowedValues = ["error", "warn", "info", "debug"], Summary = "log verbosity",
            },
            new(SnikketKeys.UpdateCheck, "1",
                "Whether to look for new releases. The check is a DNS lookup and sends nothing about this "
                + "server; admins see a notice in the portal when an update exists. 0 turns it off.",
                SettingGroup.Operation, SettingKind.Boolean)
            {
                Summary = "whether to check for new releases",
            },
            new(SnikketKeys.SmtpUrl, null,
                "The mail server for features that send email: smtp://user:password@host:587/ (STARTTLS) or "
                + "smtps://user:password@host:465/ (TLS from the start). Ending the path with ;no-tls sends "
                + "without encryption, for a relay on the same machine only. Mail is sent from "
                + "snikket@<domain>. Unset: no email is sent.",
                SettingGroup.Operation, SettingKind.Url)
            {
                AllowedValues = ["smtp", "smtps"], Secret = true, Summary = "the outgoing mail server",
                DefaultText = "none (no email is sent)",
            },

            // Certificates and TLS.
            new(SnikketKeys.TlsProfile, "modern",
                "Which TLS versions and ciphers XMPP connections accept, after Mozilla's server-side TLS "
                + "guidelines: modern (TLS 1.3 only), intermediate (TLS 1.2 and 1.3, for older clients) or old "
                + "(for very old clients; weaker).",
                SettingGroup.Certificates, SettingKind.Choice)
            {
                AllowedValues = ["modern", "intermediate", "old"], Summary = "TLS strictness for XMPP",
            },
            new(SnikketKeys.LetsEncryptTosAgree, null,
                "Records whether the operator agreed to the Let's Encrypt Subscriber Agreement. Snikket's setup "
                + "script asked and stored the answer here, and snikket init does the same. Asking a CA for "
                + "certificates means accepting its terms, so (as in Snikket) the certificate service does not "
                + "consult this value; it is accepted so an existing Snikket snikket.conf loads unchanged.",
                SettingGroup.Certificates, SettingKind.Boolean)
            {
                Summary = "agreement to the Let's Encrypt terms", DefaultText = "not recorded",
            },
            new(SnikketKeys.CertbotOptions, null,
                "Extra certbot command-line options, a Snikket setting. This appliance gets certificates with "
                + "its own ACME client, not certbot, so the value is accepted (an existing Snikket file loads) "
                + "but has no effect; a warning is logged when it is set.",
                SettingGroup.Certificates, SettingKind.Text)
            {
                Max = 1000, Summary = "extra certbot options (unused)", DefaultText = "empty",
            },
            new(SnikketKeys.CertbotKeyOptions, "--reuse-key",
                "Whether a renewed certificate keeps its private key. --reuse-key keeps it, so DANE/TLSA records "
                + "and pinned keys stay valid; --no-reuse-key makes a new key at every renewal. The certbot "
                + "spellings are kept from Snikket; our ACME client honours both.",
                SettingGroup.Certificates, SettingKind.Choice)
            {
                AllowedValues = ["--reuse-key", "--no-reuse-key"], Summary = "key rotation at renewal",
            },
            new(SnikketKeys.TlsCertificate, null,
                "A PEM certificate file (full chain) for XMPP, in place of the managed one. Empty: "
                + "<data-dir>/certs/<domain>.crt if that file exists, otherwise a self-signed certificate made at "
                + "start (enough for testing; other servers and most clients refuse it). Set together with "
                + "SNIKKET_TWEAK_TLS_KEY. A renewed file is picked up without a restart.",
                SettingGroup.Certificates, SettingKind.FilePath)
            {
                Summary = "a PEM certificate file", DefaultText = "<data-dir>/certs/<domain>.crt, else self-signed",
            },
            new(SnikketKeys.TlsKey, null,
                "The PEM private key file of SNIKKET_TWEAK_TLS_CERTIFICATE. Empty: <data-dir>/certs/<domain>.key, "
                + "beside the default certificate.",
                SettingGroup.Certificates, SettingKind.FilePath)
            {
                Summary = "a PEM private key file", DefaultText = "<data-dir>/certs/<domain>.key, else self-signed",
            },
            new(SnikketKeys.AcmeDirectory, "https://acme-v02.api.letsencrypt.org/directory",
                "The ACME (RFC 8555) directory the certificate service gets certificates from. The default is "
                + "Let's Encrypt; https://acme-staging-v02.api.letsencrypt.org/directory is its staging service "
                + "(untrusted certificates, generous rate limits) for trying a setup out. Not used when "
                + "SNIKKET_TWEAK_TLS_CERTIFICATE is set.",
                SettingGroup.Certificates, SettingKind.Url)
            {
                AllowedValues = ["https"], Summary = "the ACME directory URL",
            },

            // Web proxy and portal.
            new(SnikketKeys.HttpPort, "80",
                "The port the web proxy serves plain HTTP on: redirects to HTTPS, and the http-01 challenges "
                + "that obtain certificates. Change it only behind another reverse proxy, which must then "
                + "forward port 80 here for certificates to be issued.",
                SettingGroup.Web, SettingKind.Port)
            {
                Min = 1, Max = 65535, Summary = "the public HTTP port",
            },
            new(SnikketKeys.HttpsPort, "443",
                "The port the web proxy serves HTTPS on: the portal, invite pages, file sharing and web clients.",
                SettingGroup.Web, SettingKind.Port)
            {
                Min = 1, Max = 65535, Summary = "the public HTTPS port",
            },
            new(SnikketKeys.InternalHttpPort, "5280",
                "The port of the XMPP server's own HTTP endpoint (uploads, WebSocket, BOSH, and the API the "
                + "portal calls). The web proxy forwards to it; it should not be reachable from outside.",
                SettingGroup.Web, SettingKind.Port)
            {
                Min = 1, Max = 65535, Summary = "the server's internal HTTP port",
            },
            new(SnikketKeys.InternalHttpInterface, "127.0.0.1",
                "The addresses the server's internal HTTP endpoint listens on, comma-separated. Keep it on "
                + "loopback unless the web proxy runs on another machine.",
                SettingGroup.Web, SettingKind.IpAddressList)
            {
                Summary = "the server's internal HTTP addresses",
            },
            new(SnikketKeys.PortalInternalHttpPort, "5765",
                "The port the web portal listens on; the web proxy forwards to it.",
                SettingGroup.Web, SettingKind.Port)
            {
                Min = 1, Max = 65535, Summary = "the portal's internal HTTP port",
            },
            new(SnikketKeys.PortalInternalHttpInterface, "127.0.0.1",
                "The addresses the web portal listens on, comma-separated. Keep it on loopback.",
                SettingGroup.Web, SettingKind.IpAddressList)
            {
                Summary = "the portal's internal HTTP addresses",
            },
            new(SnikketKeys.PortalEmbedded, "1",
                "Whether the server's run command also serves the web portal, in the same process, on the "
                + "portal's port (the embedded default: one command starts everything). Compose turns it off "
                + "and runs the portal as its own service.",
                SettingGroup.Web, SettingKind.Boolean)
            {
                Summary = "serve the portal from the server process",
            },
            new(SnikketKeys.WebAvatarCacheTtl, "1800",
                "How many seconds browsers may cache avatars served by the portal. Longer saves requests; "
                + "shorter shows changed avatars sooner.",
                SettingGroup.Web, SettingKind.WholeNumber)
            {
                Min = 0, Max = 31_536_000, Summary = "avatar cache lifetime in seconds",
            },

            // XMPP connections and limits.
            new(SnikketKeys.C2sPort, "5222",
                "The port XMPP clients connect to (STARTTLS, RFC 6120). Clients find it through DNS SRV records "
                + "or assume 5222.",
                SettingGroup.Xmpp, SettingKind.Port)
            {
                Min = 1, Max = 65535, Summary = "the client port",
            },
            new(SnikketKeys.C2sDirectTlsPort, "5223",
                "The port for clients that start TLS at once (XEP-0368); it gets through networks that block "
                + "unfamiliar protocols.",
                SettingGroup.Xmpp, SettingKind.Port)
            {
                Min = 1, Max = 65535, Summary = "the direct-TLS client port",
            },
            new(SnikketKeys.C2sInterface, "*",
                "The addresses client connections are accepted on: * for every interface (IPv4 and IPv6), or a "
                + "comma-separated list of IP addresses.",
                SettingGroup.Xmpp, SettingKind.IpAddressList)
            {
                AllowAnyInterface = true, Summary = "the client listen addresses",
            },
            new(SnikketKeys.S2sPort, "5269",
                "The port other XMPP servers connect to (federation, RFC 6120). Reserved for when federation "
                + "is enabled.",
                SettingGroup.Xmpp, SettingKind.Port)
            {
                Min = 1, Max = 65535, Summary = "the server-to-server port",
            },
            new(SnikketKeys.S2sDirectTlsPort, "5270",
                "The port for server-to-server connections that start TLS at once (XEP-0368). Reserved like "
                + "SNIKKET_TWEAK_S2S_PORT.",
                SettingGroup.Xmpp, SettingKind.Port)
            {
                Min = 1, Max = 65535, Summary = "the direct-TLS server-to-server port",
            },
            new(SnikketKeys.Proxy65Port, "5000",
                "The port of the file-transfer proxy (XEP-0065), which relays direct transfers between clients "
                + "that cannot reach each other. Open it in the firewall.",
                SettingGroup.Xmpp, SettingKind.Port)
            {
                Min = 1, Max = 65535, Summary = "the file-transfer proxy port",
            },
            new(SnikketKeys.MaxUserClients, "10",
                "How many clients (devices) one account may have connected at once; a connection beyond that "
                + "is refused.",
                SettingGroup.Xmpp, SettingKind.WholeNumber)
            {
                Min = 1, Max = 1000, Summary = "connected clients per account",
            },
            new(SnikketKeys.StanzaSizeLimit, "262144",
                "The largest single stanza a client may send, in bytes; a larger one closes the connection "
                + "with a policy-violation error. 256 KiB leaves room for avatars and long messages. RFC 6120 "
                + "(section 13.12) requires at least 10000.",
                SettingGroup.Xmpp, SettingKind.WholeNumber)
            {
                Min = 10_000, Max = 16_777_216, Summary = "maximum stanza size in bytes",
            },
            new(SnikketKeys.C2sIdleTimeout, "900",
                "Seconds without a single byte from a client after which its connection is taken for dead and "
                + "closed (a session with stream management stays resumable for a while). Healthy clients "
                + "always send something sooner: after 300 seconds of silence (or a third of this timeout, if "
                + "less) the server asks for a sign of life, and mobile clients ping every few minutes. 900 "
                + "tolerates two missed rounds on a flaky mobile network yet frees dead TCP connections "
                + "within a quarter of an hour.",
                SettingGroup.Xmpp, SettingKind.WholeNumber)
            {
                Min = 60, Max = 86_400, Summary = "client idle timeout in seconds",
            },
            new(SnikketKeys.C2sRequireEncryption, "1",
                "Whether clients must switch on TLS before logging in. Leave it on: turning it off lets "
                + "clients log in without encryption (SCRAM only, never PLAIN), which exists solely for "
                + "benchmarks on a loopback address.",
                SettingGroup.Xmpp, SettingKind.Boolean)
            {
                Summary = "require TLS for client connections",
            },
            new(SnikketKeys.PreauthTimeout, "30",
                "Seconds a new connection may take to set up TLS and log in; slower ones are closed, so "
                + "abandoned or hostile half-open connections cannot pile up.",
                SettingGroup.Xmpp, SettingKind.WholeNumber)
            {
                Min = 5, Max = 600, Summary = "login timeout in seconds",
            },
            new(SnikketKeys.ScramIterations, "10000",
                "PBKDF2 iterations used when a password is set or changed, for SCRAM login (RFC 5802, RFC "
                + "7677). More make stolen password hashes slower to crack and every login slower to check. "
                + "Stored passwords keep their count until they are changed.",
                SettingGroup.Xmpp, SettingKind.WholeNumber)
            {
                Min = 4096, Max = 1_000_000, Summary = "SCRAM iteration count",
            },

            // Audio and video calls (TURN).
            new(SnikketKeys.TurnServer, null,
                "The host name calls are told to use for STUN and TURN (XEP-0215). The compose bundle runs coturn on "
                + "this server, reached at SNIKKET_DOMAIN. 0 advertises no STUN/TURN server at all: `snikket run` "
                + "sets it, as no coturn runs beside it, and clients then try direct connections only.",
                SettingGroup.Turn, SettingKind.DomainName)
            {
                AllowedValues = ["0"], Summary = "the STUN/TURN host given to clients", DefaultText = "SNIKKET_DOMAIN",
            },
            new(SnikketKeys.TurnPort, "3478",
                "The port of the TURN/STUN server (coturn) that helps audio and video calls through NAT, on "
                + "UDP and TCP; clients are told this port. Open it in the firewall.",
                SettingGroup.Turn, SettingKind.Port)
            {
                Min = 1, Max = 65535, Summary = "the TURN port",
            },
            new(SnikketKeys.TurnMinPort, "49152",
                "The first UDP port of the range the TURN server relays call media on. Open the whole range in "
                + "the firewall; a smaller range limits how many calls can be relayed at once.",
                SettingGroup.Turn, SettingKind.Port)
            {
                Min = 1024, Max = 65535, Summary = "the first TURN relay port",
            },
            new(SnikketKeys.TurnMaxPort, "65535",
                "The last UDP port of the TURN relay range; not below SNIKKET_TWEAK_TURNSERVER_MIN_PORT.",
                SettingGroup.Turn, SettingKind.Port)
            {
                Min = 1024, Max = 65535, Summary = "the last TURN relay port",
            },
            new(SnikketKeys.TurnInternalIp, null,
                "For a server behind NAT: its private address, which the TURN server maps to the public one. "
                + "Empty lets coturn use the first local address.",
                SettingGroup.Turn, SettingKind.IpAddress)
            {
                Summary = "the private address behind NAT", DefaultText = "the first local address",
            },
        ];

        // Stable sort: group order first, table order within a group.
        return [.. settings.OrderBy(s => s.Group)];
    }
}
