using System.Collections.Frozen;

namespace Snikket.Configuration;

/// <summary>
/// Keys that Snikket's own images read but this appliance does not, each with the reason. An
/// operator bringing an existing snikket.conf gets a specific explanation instead of a bare
/// "unknown key" (they are still errors: a setting that silently does nothing is worse).
/// </summary>
internal static class UnsupportedSnikketKeys
{
    private const string Internal = "it configured Snikket's internal wiring, which is fixed here";

    private static readonly FrozenDictionary<string, string> Reasons = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["SNIKKET_INVITE_URL"] = "invite links always point at this service's own portal",
        ["SNIKKET_WEB_PROSODY_ENDPOINT"] = Internal,
        ["SNIKKET_WEB_SECRET_KEY"] = "the portal's keys are generated into the data directory",
        ["SNIKKET_WEB_SITE_NAME"] = "use SNIKKET_SITE_NAME",
        ["SNIKKET_DOMAIN_ASCII"] = "the ASCII form is worked out from SNIKKET_DOMAIN",
        ["SNIKKET_CERTS_WAIT"] = "the certificate service always waits for the web proxy",
        ["SNIKKET_TWEAK_INTERNAL_HTTP_HOST"] = Internal,
        ["SNIKKET_TWEAK_PORTAL_INTERNAL_HTTP_HOST"] = Internal,
        ["SNIKKET_TWEAK_HTTP_TLS_VERSIONS"] = "the web proxy's TLS settings are fixed (Mozilla intermediate)",
        ["SNIKKET_TWEAK_HTTP_TLS_CIPHERS"] = "the web proxy's TLS settings are fixed (Mozilla intermediate)",
        ["SNIKKET_TWEAK_WEB_PROXY_PROTOS"] = "the web proxy always serves HTTP and HTTPS",
        ["SNIKKET_TWEAK_WEB_PROXY_PROTOCOLS"] = "the web proxy always serves HTTP and HTTPS",
        ["SNIKKET_TWEAK_WEB_PROXY_RELOAD_INTERVAL"] = "the web proxy reloads when a certificate is renewed",
        ["SNIKKET_TWEAK_IPV6"] = "IPv6 is used whenever the host has it",
        ["SNIKKET_TWEAK_PROMETHEUS"] = "metrics are served by the internal API",
        ["SNIKKET_TWEAK_TURNSERVER_DOMAIN"] = "an external TURN server is not supported yet",
        ["SNIKKET_TWEAK_TURNSERVER_SECRET"] = "the TURN secret is generated into the data directory",
        ["SNIKKET_TWEAK_SHARE_DOMAIN"] = "uploads are always served from share.<domain>",
        ["SNIKKET_TWEAK_GENERAL_MUC"] = "there is no legacy general@groups room",
        ["SNIKKET_TWEAK_DNSSEC"] = "DNSSEC/DANE is not supported yet",
        ["SNIKKET_TWEAK_EXTRA_CONFIG"] = "there is no Prosody configuration to extend; bridges connect as XEP-0114 components",
        ["SNIKKET_TWEAK_STORAGE"] = "storage is chosen with SNIKKET_TWEAK_DATABASE_URL",
        ["SNIKKET_TWEAK_PUSH2"] = "push notifications are always on",
        ["SNIKKET_TWEAK_REQUIRE_SASL2"] = "not supported",
        ["SNIKKET_TWEAK_RESTRICTED_USERS_V2"] = "not supported",
        ["SNIKKET_TWEAK_S2S_STATUS"] = "not supported",
        ["SNIKKET_TWEAK_SHARE_PROXY"] = "not supported",
        ["SNIKKET_TWEAK_GC3"] = "not supported",
        ["SNIKKET_TWEAK_TURN_INTERNAL_IP"] = "it is a misprint in Snikket's own warning; use SNIKKET_TWEAK_TURNSERVER_INTERNAL_IP",
        ["PUID"] = "the containers run as a fixed user; give the data volume to that user instead",
        ["PGID"] = "the containers run as a fixed user; give the data volume to that user instead",
        ["REPORT_DSN"] = "error reporting to Sentry is not supported",
        ["TWEAK_SNIKKET_BOOTSTRAP_INDEX"] = "hosting-platform bootstrap is not supported",
        ["TWEAK_SNIKKET_BOOTSTRAP_SECRET"] = "hosting-platform bootstrap is not supported",
        ["TWEAK_SNIKKET_BOOTSTRAP_TTL"] = "hosting-platform bootstrap is not supported",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool TryGetReason(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? reason) =>
        Reasons.TryGetValue(key, out reason);
}
