# Server adapter: our server, server/Snikket.Server (E2E_SERVER=snikket, the default).
# Sourced by run.sh and by cases. Contract used here:
#   build   dotnet build server/Snikket.Server -c Release
#           -> <artifacts>/bin/Snikket.Server/release/snikket-server.dll
#   config  KEY=VALUE file: SNIKKET_DOMAIN, SNIKKET_ADMIN_EMAIL, SNIKKET_TWEAK_DATA_DIR and ports
#   users   printf 'pw\n' | dotnet snikket-server.dll user add NAME --password-stdin --config FILE
#           (also user list, user remove NAME, user passwd NAME --password-stdin)
#   invite  dotnet snikket-server.dll invite --no-qr [options] --config FILE (prints the link)
#   run     dotnet snikket-server.dll run --config FILE (foreground, logs to stdout); generates a
#           self-signed certificate for the domain into <data>/certs/
# SNIKKET_TEST_ARTIFACTS_PATH overrides the artifacts directory (as -p:ArtifactsPath) so a
# developer can build beside a colleague's build; E2E_SKIP_BUILD=1 uses what is already built.
# shellcheck shell=bash

SNIKKET_ARTIFACTS=${SNIKKET_TEST_ARTIFACTS_PATH:-$E2E_REPO/artifacts}
SNIKKET_DLL="$SNIKKET_ARTIFACTS/bin/Snikket.Server/release/snikket-server.dll"
SNIKKET_CONFIG="$E2E_WORK/snikket/snikket.conf"
SNIKKET_DATA="$E2E_WORK/snikket/data"

server_name() { echo "snikket-server ($SNIKKET_DLL)"; }

server_check_tools() {
    command -v dotnet >/dev/null || { echo "missing: dotnet"; return 1; }
}

server_build() {
    [[ ${E2E_SKIP_BUILD:-0} == 1 ]] && return 0
    local args=(build "$E2E_REPO/server/Snikket.Server" -c Release --nologo -v quiet)
    [[ -n ${SNIKKET_TEST_ARTIFACTS_PATH:-} ]] && args+=("-p:ArtifactsPath=$SNIKKET_TEST_ARTIFACTS_PATH")
    dotnet "${args[@]}"
}

# Direct TLS answers ALPN xmpp-client.
server_negotiates_alpn() { return 0; }

server_prepare() {
    [[ -f $SNIKKET_DLL ]] || { echo "not built: $SNIKKET_DLL"; return 1; }
    mkdir -p "$SNIKKET_DATA"
    cat >"$SNIKKET_CONFIG" <<CFG
# Made by tests/EndToEnd/servers/snikket.sh for one end-to-end run.
SNIKKET_DOMAIN=$E2E_DOMAIN
SNIKKET_ADMIN_EMAIL=admin@$E2E_DOMAIN
SNIKKET_TWEAK_DATA_DIR=$SNIKKET_DATA
SNIKKET_TWEAK_C2S_INTERFACE=$E2E_HOST
SNIKKET_TWEAK_C2S_PORT=$E2E_C2S_PORT
SNIKKET_TWEAK_C2S_DIRECT_TLS_PORT=$E2E_DIRECT_TLS_PORT
SNIKKET_TWEAK_S2S_PORT=$E2E_S2S_PORT
SNIKKET_TWEAK_S2S_DIRECT_TLS_PORT=$E2E_S2S_DIRECT_TLS_PORT
SNIKKET_TWEAK_INTERNAL_HTTP_PORT=$E2E_HTTP_PORT
SNIKKET_TWEAK_TURNSERVER_PORT=$E2E_TURN_PORT
SNIKKET_TWEAK_PORTAL_EMBEDDED=0
CFG
}

# The certificate clients should trust: the one the server generated under <data>/certs/.
server_certificate() {
    local f
    for f in $(find "$SNIKKET_DATA/certs" -type f \( -name '*.crt' -o -name '*.pem' -o -name '*.cer' \) 2>/dev/null | sort); do
        if grep -q "BEGIN CERTIFICATE" "$f" && ! grep -q "PRIVATE KEY" "$f"; then
            echo "$f"
            return 0
        fi
    done
    return 1
}

# server_start LOGFILE: runs the server in the foreground (run.sh puts it in the background).
server_start() { exec dotnet "$SNIKKET_DLL" run --config "$SNIKKET_CONFIG" >"$1" 2>&1; }

snikket_cli() { timeout --foreground 60 dotnet "$SNIKKET_DLL" "$@" --config "$SNIKKET_CONFIG" </dev/null; }

# user_add NAME PASSWORD
user_add() { printf '%s\n' "$2" | timeout --foreground 60 dotnet "$SNIKKET_DLL" user add "$1" --password-stdin --config "$SNIKKET_CONFIG"; }

# user_passwd NAME PASSWORD
user_passwd() { printf '%s\n' "$2" | timeout --foreground 60 dotnet "$SNIKKET_DLL" user passwd "$1" --password-stdin --config "$SNIKKET_CONFIG"; }

# user_remove NAME
user_remove() { snikket_cli user remove "$1"; }

# create_invite [invite options]: creates an invite with the server's operator command and prints its token.
create_invite() { snikket_cli invite --no-qr "$@" | sed -n 's/.*preauth=\([A-Za-z0-9_-]*\).*/\1/p' | head -n1; }

# user_list: account names, one a line (node or full JID, as the server prints them).
user_list() { snikket_cli user list; }
