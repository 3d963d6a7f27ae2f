namespace Snikket.Configuration;

/// <summary>
/// The name of every <c>SNIKKET_*</c> key, so code that reads or writes a key (the loader, the
/// installer's <c>init</c>) cannot misspell it. The definitions live in <see cref="SnikketSettings"/>.
/// </summary>
public static class SnikketKeys
{
    /// <summary>Prefix shared by every setting.</summary>
    public const string Prefix = "SNIKKET_";

    /// <summary>
    /// Prefix of environment variables that belong to test tooling (e.g. <c>SNIKKET_TEST_POSTGRES</c>);
    /// the loader ignores them in the environment so a test run does not trip the unknown-key check.
    /// </summary>
    public const string TestPrefix = "SNIKKET_TEST_";

    /// <summary>
    /// Environment variable naming the configuration file itself (read by the hosts before
    /// loading). Not a setting: the loader ignores it in the environment and rejects it in a file.
    /// </summary>
    public const string ConfigPathVariable = "SNIKKET_CONFIG";

    public const string Domain = "SNIKKET_DOMAIN";
    public const string AdminEmail = "SNIKKET_ADMIN_EMAIL";

    public const string SiteName = "SNIKKET_SITE_NAME";
    public const string AbuseEmail = "SNIKKET_ABUSE_EMAIL";
    public const string SecurityEmail = "SNIKKET_SECURITY_EMAIL";
    public const string TosUri = "SNIKKET_TOS_URI";
    public const string PrivacyUri = "SNIKKET_PRIVACY_URI";
    public const string UserInvites = "SNIKKET_TWEAK_USER_INVITES";

    public const string RetentionDays = "SNIKKET_RETENTION_DAYS";
    public const string UploadStorageGb = "SNIKKET_UPLOAD_STORAGE_GB";
    public const string DailyUploadLimitPerUserGb = "SNIKKET_DAILY_UPLOAD_LIMIT_PER_USER_GB";
    public const string DataDir = "SNIKKET_TWEAK_DATA_DIR";
    public const string DatabaseUrl = "SNIKKET_TWEAK_DATABASE_URL";

    public const string LogLevel = "SNIKKET_LOGLEVEL";
    public const string UpdateCheck = "SNIKKET_UPDATE_CHECK";
    public const string SmtpUrl = "SNIKKET_SMTP_URL";

    public const string TlsProfile = "SNIKKET_TLS_PROFILE";
    public const string LetsEncryptTosAgree = "SNIKKET_LETSENCRYPT_TOS_AGREE";
    public const string CertbotOptions = "SNIKKET_CERTBOT_OPTIONS";
    public const string CertbotKeyOptions = "SNIKKET_CERTBOT_KEY_OPTIONS";
    public const string TlsCertificate = "SNIKKET_TWEAK_TLS_CERTIFICATE";
    public const string TlsKey = "SNIKKET_TWEAK_TLS_KEY";
    public const string AcmeDirectory = "SNIKKET_TWEAK_ACME_DIRECTORY";

    public const string HttpPort = "SNIKKET_TWEAK_HTTP_PORT";
    public const string HttpsPort = "SNIKKET_TWEAK_HTTPS_PORT";
    public const string InternalHttpPort = "SNIKKET_TWEAK_INTERNAL_HTTP_PORT";
    public const string InternalHttpInterface = "SNIKKET_TWEAK_INTERNAL_HTTP_INTERFACE";
    public const string PortalInternalHttpPort = "SNIKKET_TWEAK_PORTAL_INTERNAL_HTTP_PORT";
    public const string PortalInternalHttpInterface = "SNIKKET_TWEAK_PORTAL_INTERNAL_HTTP_INTERFACE";
    public const string PortalEmbedded = "SNIKKET_TWEAK_PORTAL_EMBEDDED";
    public const string WebAvatarCacheTtl = "SNIKKET_WEB_AVATAR_CACHE_TTL";

    public const string C2sPort = "SNIKKET_TWEAK_C2S_PORT";
    public const string C2sDirectTlsPort = "SNIKKET_TWEAK_C2S_DIRECT_TLS_PORT";
    public const string C2sInterface = "SNIKKET_TWEAK_C2S_INTERFACE";
    public const string S2sPort = "SNIKKET_TWEAK_S2S_PORT";
    public const string S2sDirectTlsPort = "SNIKKET_TWEAK_S2S_DIRECT_TLS_PORT";
    public const string Proxy65Port = "SNIKKET_PROXY65_PORT";
    public const string MaxUserClients = "SNIKKET_MAX_USER_CLIENTS";
    public const string StanzaSizeLimit = "SNIKKET_TWEAK_STANZA_SIZE_LIMIT";
    public const string C2sIdleTimeout = "SNIKKET_TWEAK_C2S_IDLE_TIMEOUT";
    public const string C2sRequireEncryption = "SNIKKET_TWEAK_C2S_REQUIRE_ENCRYPTION";
    public const string PreauthTimeout = "SNIKKET_TWEAK_PREAUTH_TIMEOUT";
    public const string ScramIterations = "SNIKKET_TWEAK_SCRAM_ITERATIONS";

    public const string TurnServer = "SNIKKET_TWEAK_TURNSERVER";
    public const string TurnPort = "SNIKKET_TWEAK_TURNSERVER_PORT";
    public const string TurnMinPort = "SNIKKET_TWEAK_TURNSERVER_MIN_PORT";
    public const string TurnMaxPort = "SNIKKET_TWEAK_TURNSERVER_MAX_PORT";
    public const string TurnInternalIp = "SNIKKET_TWEAK_TURNSERVER_INTERNAL_IP";
}
