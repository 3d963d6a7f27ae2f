using System.Globalization;
using System.Net;

namespace Snikket.Configuration;

/// <summary>
/// The validated configuration, one property per <c>SNIKKET_*</c> key (see
/// <see cref="SnikketSettings"/> for the full documentation of each), plus a few values derived
/// from them. Build it with <see cref="SnikketConfigLoader.Load"/>; in tests,
/// <c>new SnikketOptions { Domain = …, AdminEmail = … }</c> also works and gives every other
/// property its documented default.
/// </summary>
public sealed class SnikketOptions
{
    private static readonly SettingValues D = SettingValues.Defaults;
    private readonly string? _siteName;

    // ---- Required ----

    /// <summary><c>SNIKKET_DOMAIN</c>: the service's domain, lower-case (may be an internationalized name).</summary>
    public required string Domain { get; init; }

    /// <summary>The domain in its ASCII (punycode) form, as DNS and certificates use it.</summary>
    public string DomainAscii => new IdnMapping().GetAscii(Domain);

    /// <summary><c>SNIKKET_ADMIN_EMAIL</c>: the operator's address (ACME account, XEP-0157 admin contact, portal help).</summary>
    public required string AdminEmail { get; init; }

    // ---- About this service ----

    /// <summary><c>SNIKKET_SITE_NAME</c>: the display name of the service; defaults to <see cref="Domain"/>.</summary>
    public string SiteName
    {
        get => _siteName ?? Domain;
        init => _siteName = value;
    }

    /// <summary><c>SNIKKET_ABUSE_EMAIL</c>: published abuse contact, or null for none.</summary>
    public string? AbuseEmail { get; init; }

    /// <summary><c>SNIKKET_SECURITY_EMAIL</c>: published security contact, or null for none.</summary>
    public string? SecurityEmail { get; init; }

    /// <summary><c>SNIKKET_TOS_URI</c>: the terms of service page, or null.</summary>
    public Uri? TosUri { get; init; }

    /// <summary><c>SNIKKET_PRIVACY_URI</c>: the privacy policy page, or null.</summary>
    public Uri? PrivacyUri { get; init; }

    /// <summary><c>SNIKKET_TWEAK_USER_INVITES</c>: normal users may create invites (default on); admins always may, limited users never.</summary>
    public bool UserInvites { get; init; } = D.Bool(SnikketKeys.UserInvites);

    // ---- Retention, storage and database ----

    /// <summary><c>SNIKKET_RETENTION_DAYS</c>: days to keep archived messages, uploads and self-deleted accounts (default 7).</summary>
    public int RetentionDays { get; init; } = D.Int(SnikketKeys.RetentionDays);

    /// <summary>The retention as a duration.</summary>
    public TimeSpan Retention => TimeSpan.FromDays(RetentionDays);

    /// <summary><c>SNIKKET_UPLOAD_STORAGE_GB</c>: total upload quota in GB (1024³ bytes); null means unlimited, 0 turns uploads off.</summary>
    public double? UploadStorageGb { get; init; } = D.OptionalDouble(SnikketKeys.UploadStorageGb);

    /// <summary><see cref="UploadStorageGb"/> in bytes; null means unlimited.</summary>
    public long? UploadStorageBytes => GbToBytes(UploadStorageGb);

    /// <summary><c>SNIKKET_DAILY_UPLOAD_LIMIT_PER_USER_GB</c>: upload volume one user may send per day, in GB (default 1).</summary>
    public double DailyUploadLimitPerUserGb { get; init; } = D.OptionalDouble(SnikketKeys.DailyUploadLimitPerUserGb)!.Value;

    /// <summary><see cref="DailyUploadLimitPerUserGb"/> in bytes.</summary>
    public long DailyUploadLimitPerUserBytes => GbToBytes(DailyUploadLimitPerUserGb)!.Value;

    /// <summary>
    /// <c>SNIKKET_TWEAK_DATA_DIR</c>: the data directory as configured (relative paths are relative
    /// to the working directory). Default <c>/snikket</c> in a container, <c>./data</c> otherwise.
    /// </summary>
    public string DataDir { get; init; } = SnikketSettings.DefaultDataDir(
        string.Equals(Environment.GetEnvironmentVariable("DOTNET_RUNNING_IN_CONTAINER"), "true", StringComparison.OrdinalIgnoreCase));

    /// <summary><c>SNIKKET_TWEAK_DATABASE_URL</c>: a PostgreSQL URL, or null for the embedded SQLite file.
    /// Contains a password: log <see cref="DatabaseUrlMasked"/> instead.</summary>
    public string? DatabaseUrl { get; init; }

    /// <summary><see cref="DatabaseUrl"/> with the password replaced by <c>***</c>, safe to log.</summary>
    public string? DatabaseUrlMasked => DatabaseUrl is null ? null : PostgresUrl.Mask(DatabaseUrl);

    /// <summary>Which engine <see cref="DatabaseUrl"/> selects.</summary>
    public DatabaseKind DatabaseKind => DatabaseUrl is null ? DatabaseKind.Sqlite : DatabaseKind.PostgreSql;

    /// <summary>The SQLite database file, <c>&lt;data dir&gt;/snikket.sqlite</c> (used when <see cref="DatabaseKind"/> is SQLite).</summary>
    public string SqlitePath => Path.Combine(DataDir, "snikket.sqlite");

    /// <summary>
    /// For PostgreSQL: the Npgsql keyword connection string
    /// (<c>Host=…;Port=…;Username=…;Password=…;Database=…</c>) built from <see cref="DatabaseUrl"/>;
    /// null for SQLite.
    /// </summary>
    public string? NpgsqlConnectionString => DatabaseUrl is null ? null : ParsePostgres(DatabaseUrl).ToConnectionString();

    /// <summary>The connection string for whichever engine is selected: Npgsql's, or <c>Data Source=&lt;file&gt;</c> for SQLite.</summary>
    public string DatabaseConnectionString => NpgsqlConnectionString ?? "Data Source=" + SqlitePath;

    // ---- Logging, updates and email ----

    /// <summary><c>SNIKKET_LOGLEVEL</c>: log verbosity (default info).</summary>
    public SnikketLogLevel LogLevel { get; init; } = D.Choice<SnikketLogLevel>(SnikketKeys.LogLevel);

    /// <summary><c>SNIKKET_UPDATE_CHECK</c>: whether to look up new releases over DNS (default on).</summary>
    public bool UpdateCheck { get; init; } = D.Bool(SnikketKeys.UpdateCheck);

    /// <summary><c>SNIKKET_SMTP_URL</c>: outgoing mail server (<c>smtp://</c> or <c>smtps://</c>, may hold a password), or null for no email.</summary>
    public Uri? SmtpUrl { get; init; }

    // ---- Certificates and TLS ----

    /// <summary><c>SNIKKET_TLS_PROFILE</c>: TLS versions and ciphers for XMPP (default modern).</summary>
    public TlsProfile TlsProfile { get; init; } = D.Choice<TlsProfile>(SnikketKeys.TlsProfile);

    /// <summary><c>SNIKKET_LETSENCRYPT_TOS_AGREE</c>: the operator's recorded answer, or null; informational only.</summary>
    public bool? LetsEncryptTosAgree { get; init; }

    /// <summary><c>SNIKKET_CERTBOT_OPTIONS</c>: accepted from Snikket files, not used (a warning says so); null when unset.</summary>
    public string? CertbotOptions { get; init; }

    /// <summary><c>SNIKKET_CERTBOT_KEY_OPTIONS</c>: <c>--reuse-key</c> (default) or <c>--no-reuse-key</c>.</summary>
    public string CertbotKeyOptions { get; init; } = D.RequiredText(SnikketKeys.CertbotKeyOptions);

    /// <summary>True when each renewal should make a new private key (<c>--no-reuse-key</c>).</summary>
    public bool RotateCertificateKey => string.Equals(CertbotKeyOptions, "--no-reuse-key", StringComparison.Ordinal);

    /// <summary><c>SNIKKET_TWEAK_TLS_CERTIFICATE</c>: operator-provided PEM certificate path, or null.</summary>
    public string? TlsCertificate { get; init; }

    /// <summary><c>SNIKKET_TWEAK_TLS_KEY</c>: operator-provided PEM key path, or null.</summary>
    public string? TlsKey { get; init; }

    /// <summary>The directory for certificates the appliance manages, <c>&lt;data dir&gt;/certs</c>.</summary>
    public string CertificateDir => Path.Combine(DataDir, "certs");

    /// <summary>The certificate to load: <see cref="TlsCertificate"/> or <c>&lt;data dir&gt;/certs/&lt;domain&gt;.crt</c>.
    /// The server generates a self-signed one when the default file does not exist.</summary>
    public string TlsCertificatePath => TlsCertificate ?? Path.Combine(CertificateDir, DomainAscii + ".crt");

    /// <summary>The key to load: <see cref="TlsKey"/> or <c>&lt;data dir&gt;/certs/&lt;domain&gt;.key</c>.</summary>
    public string TlsKeyPath => TlsKey ?? Path.Combine(CertificateDir, DomainAscii + ".key");

    /// <summary>The http-01 webroot (<c>&lt;data dir&gt;/acme/webroot</c>): the certificate service writes
    /// challenge answers there and the web proxy serves it at <c>/.well-known/acme-challenge/</c>.</summary>
    public string AcmeWebroot => Path.Combine(DataDir, "acme", "webroot");

    /// <summary><c>SNIKKET_TWEAK_ACME_DIRECTORY</c>: the ACME directory certificates are requested from (default Let's Encrypt).</summary>
    public Uri AcmeDirectory { get; init; } = D.OptionalUri(SnikketKeys.AcmeDirectory)!;

    /// <summary>Whether the operator supplies the certificate (<see cref="TlsCertificate"/> set), so no ACME client runs.</summary>
    public bool CertificateIsOperatorProvided => TlsCertificate is not null;

    // ---- Web proxy and portal ----

    /// <summary><c>SNIKKET_TWEAK_HTTP_PORT</c>: public HTTP port of the web proxy (default 80).</summary>
    public int HttpPort { get; init; } = D.Int(SnikketKeys.HttpPort);

    /// <summary><c>SNIKKET_TWEAK_HTTPS_PORT</c>: public HTTPS port of the web proxy (default 443).</summary>
    public int HttpsPort { get; init; } = D.Int(SnikketKeys.HttpsPort);

    /// <summary><c>SNIKKET_TWEAK_INTERNAL_HTTP_PORT</c>: the server's internal HTTP port (default 5280).</summary>
    public int InternalHttpPort { get; init; } = D.Int(SnikketKeys.InternalHttpPort);

    /// <summary><c>SNIKKET_TWEAK_INTERNAL_HTTP_INTERFACE</c>: addresses of the server's internal HTTP endpoint (default 127.0.0.1).</summary>
    public IReadOnlyList<IPAddress> InternalHttpInterfaces { get; init; } = D.Ips(SnikketKeys.InternalHttpInterface);

    /// <summary><c>SNIKKET_TWEAK_PORTAL_INTERNAL_HTTP_PORT</c>: the portal's HTTP port (default 5765).</summary>
    public int PortalInternalHttpPort { get; init; } = D.Int(SnikketKeys.PortalInternalHttpPort);

    /// <summary><c>SNIKKET_TWEAK_PORTAL_INTERNAL_HTTP_INTERFACE</c>: the portal's listen addresses (default 127.0.0.1).</summary>
    public IReadOnlyList<IPAddress> PortalInternalHttpInterfaces { get; init; } = D.Ips(SnikketKeys.PortalInternalHttpInterface);

    /// <summary><c>SNIKKET_TWEAK_PORTAL_EMBEDDED</c>: the server's <c>run</c> also hosts the portal in-process (default on).</summary>
    public bool PortalEmbedded { get; init; } = D.Bool(SnikketKeys.PortalEmbedded);

    /// <summary><c>SNIKKET_WEB_AVATAR_CACHE_TTL</c>: how long browsers may cache avatars (default 1800 s).</summary>
    public TimeSpan WebAvatarCacheTtl { get; init; } = D.Seconds(SnikketKeys.WebAvatarCacheTtl);

    // ---- XMPP connections and limits ----

    /// <summary><c>SNIKKET_TWEAK_C2S_PORT</c>: client port with STARTTLS (default 5222).</summary>
    public int C2sPort { get; init; } = D.Int(SnikketKeys.C2sPort);

    /// <summary><c>SNIKKET_TWEAK_C2S_DIRECT_TLS_PORT</c>: client port with direct TLS, XEP-0368 (default 5223).</summary>
    public int C2sDirectTlsPort { get; init; } = D.Int(SnikketKeys.C2sDirectTlsPort);

    /// <summary>
    /// <c>SNIKKET_TWEAK_C2S_INTERFACE</c>: the addresses to accept clients on. Empty means every
    /// interface (<c>*</c>, the default): bind with Kestrel's <c>ListenAnyIP</c>.
    /// </summary>
    public IReadOnlyList<IPAddress> C2sInterfaces { get; init; } = D.Ips(SnikketKeys.C2sInterface);

    /// <summary>True when clients are accepted on every interface (<see cref="C2sInterfaces"/> is empty).</summary>
    public bool C2sOnAllInterfaces => C2sInterfaces.Count == 0;

    /// <summary><c>SNIKKET_TWEAK_S2S_PORT</c>: server-to-server port (default 5269; federation comes later).</summary>
    public int S2sPort { get; init; } = D.Int(SnikketKeys.S2sPort);

    /// <summary><c>SNIKKET_TWEAK_S2S_DIRECT_TLS_PORT</c>: server-to-server direct TLS port (default 5270).</summary>
    public int S2sDirectTlsPort { get; init; } = D.Int(SnikketKeys.S2sDirectTlsPort);

    /// <summary><c>SNIKKET_PROXY65_PORT</c>: XEP-0065 file-transfer proxy port (default 5000).</summary>
    public int Proxy65Port { get; init; } = D.Int(SnikketKeys.Proxy65Port);

    /// <summary><c>SNIKKET_MAX_USER_CLIENTS</c>: clients one account may have connected at once (default 10).</summary>
    public int MaxUserClients { get; init; } = D.Int(SnikketKeys.MaxUserClients);

    /// <summary><c>SNIKKET_TWEAK_STANZA_SIZE_LIMIT</c>: largest stanza a client may send, in bytes (default 262144).</summary>
    public int StanzaSizeLimit { get; init; } = D.Int(SnikketKeys.StanzaSizeLimit);

    /// <summary><c>SNIKKET_TWEAK_C2S_IDLE_TIMEOUT</c>: close a client connection after this long without a byte from it (default 900 s).</summary>
    public TimeSpan C2sIdleTimeout { get; init; } = D.Seconds(SnikketKeys.C2sIdleTimeout);

    /// <summary>
    /// After this much silence from a client, the server probes it (whitespace keepalive, or an
    /// XEP-0198 <c>&lt;r/&gt;</c>): 300 s, or a third of <see cref="C2sIdleTimeout"/> when that is
    /// shorter, so a live client always gets two chances to answer before the timeout.
    /// </summary>
    public TimeSpan C2sKeepaliveInterval => TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(300).Ticks, C2sIdleTimeout.Ticks / 3));

    /// <summary><c>SNIKKET_TWEAK_C2S_REQUIRE_ENCRYPTION</c>: clients must use TLS before authenticating (default on).</summary>
    public bool C2sRequireEncryption { get; init; } = D.Bool(SnikketKeys.C2sRequireEncryption);

    /// <summary><c>SNIKKET_TWEAK_PREAUTH_TIMEOUT</c>: time allowed to finish TLS and authentication (default 30 s).</summary>
    public TimeSpan PreauthTimeout { get; init; } = D.Seconds(SnikketKeys.PreauthTimeout);

    /// <summary><c>SNIKKET_TWEAK_SCRAM_ITERATIONS</c>: PBKDF2 iterations for newly set passwords (default 10000).</summary>
    public int ScramIterations { get; init; } = D.Int(SnikketKeys.ScramIterations);

    // ---- Audio and video calls (TURN) ----

    /// <summary><c>SNIKKET_TWEAK_TURNSERVER</c> as written: null when unset, <c>0</c> for none, else a host name.</summary>
    public string? TurnServerSetting { get; init; }

    /// <summary>The STUN/TURN host given to clients: <see cref="TurnServerSetting"/>, by default the domain; null for none.</summary>
    public string? TurnServer => TurnServerSetting switch
    {
        null => Domain,
        "0" => null,
        var host => host,
    };

    /// <summary><c>SNIKKET_TWEAK_TURNSERVER_PORT</c>: TURN/STUN port, UDP and TCP (default 3478).</summary>
    public int TurnPort { get; init; } = D.Int(SnikketKeys.TurnPort);

    /// <summary><c>SNIKKET_TWEAK_TURNSERVER_MIN_PORT</c>: first UDP relay port (default 49152).</summary>
    public int TurnMinPort { get; init; } = D.Int(SnikketKeys.TurnMinPort);

    /// <summary><c>SNIKKET_TWEAK_TURNSERVER_MAX_PORT</c>: last UDP relay port (default 65535).</summary>
    public int TurnMaxPort { get; init; } = D.Int(SnikketKeys.TurnMaxPort);

    /// <summary><c>SNIKKET_TWEAK_TURNSERVER_INTERNAL_IP</c>: private address behind NAT, or null to let coturn pick.</summary>
    public IPAddress? TurnInternalIp { get; init; }

    // ---- Not settings ----

    /// <summary>Things that are accepted but worth telling the operator at start-up (e.g. an ignored Snikket setting).</summary>
    public IReadOnlyList<ConfigProblem> Warnings { get; init; } = [];

    private static long? GbToBytes(double? gb) => gb is null ? null : (long)Math.Round(gb.Value * 1024 * 1024 * 1024);

    private static PostgresUrl ParsePostgres(string url) =>
        PostgresUrl.TryParse(url, out var parsed) is { } problem
            ? throw new FormatException($"{SnikketKeys.DatabaseUrl} {problem}.")
            : parsed!;
}
