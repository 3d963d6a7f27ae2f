# Server adapter: Debian's Prosody, the reference peer (E2E_SERVER=prosody).
# Sourced by run.sh and by cases. Prosody runs in the foreground from a temporary config under
# $E2E_WORK, on loopback only, with a self-signed certificate made here, STARTTLS required on the
# c2s port and direct TLS on the other. Accounts go through prosodyctl (offline) or, once the
# server runs, through `prosodyctl shell` over the admin socket.
# shellcheck shell=bash

PROSODY_CONFIG="$E2E_WORK/prosody/prosody.cfg.lua"

server_name() { echo "prosody $(dpkg-query -W -f='${Version}' prosody 2>/dev/null)"; }

server_check_tools() {
    local missing=()
    command -v prosody >/dev/null || missing+=(prosody)
    command -v openssl >/dev/null || missing+=(openssl)
    ((${#missing[@]} == 0)) || { echo "missing: ${missing[*]} (apt-get install prosody openssl)"; return 1; }
}

server_build() { :; }

# Prosody 0.12 accepts direct TLS without negotiating ALPN.
server_negotiates_alpn() { return 1; }

server_prepare() {
    local dir="$E2E_WORK/prosody"
    mkdir -p "$dir/data" "$dir/certs"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$E2E_DOMAIN" \
        -addext "subjectAltName=DNS:$E2E_DOMAIN" \
        -keyout "$dir/certs/$E2E_DOMAIN.key" -out "$dir/certs/$E2E_DOMAIN.crt" 2>/dev/null || return 1
    cat >"$PROSODY_CONFIG" <<CFG
-- Made by tests/EndToEnd/servers/prosody.sh for one end-to-end run.
run_as_root = true -- CI runs as root; Prosody otherwise wants to switch to its own user.
pidfile = "$dir/prosody.pid"
data_path = "$dir/data"
admin_socket = "$dir/admin.sock"
interfaces = { "127.0.0.1" }
c2s_ports = { $E2E_C2S_PORT }
c2s_direct_tls_ports = { $E2E_DIRECT_TLS_PORT }
legacy_ssl_ports = {}
s2s_ports = {}
component_ports = {}
http_ports = {}
https_ports = {}
modules_enabled = { "roster"; "saslauth"; "tls"; "disco"; "ping"; "admin_shell"; "time"; "uptime"; "vcard"; "private"; "carbons"; "blocklist" }
modules_disabled = { "s2s"; "offline"; "posix" }
authentication = "internal_hashed"
storage = "internal"
c2s_require_encryption = true
log = { { levels = { min = "info" }, to = "console" } }
certificates = "$dir/certs"
VirtualHost "$E2E_DOMAIN"
  ssl = { certificate = "$dir/certs/$E2E_DOMAIN.crt", key = "$dir/certs/$E2E_DOMAIN.key" }
CFG
}

# The certificate clients should trust.
server_certificate() { echo "$E2E_WORK/prosody/certs/$E2E_DOMAIN.crt"; }

# server_start LOGFILE: runs the server in the foreground (run.sh puts it in the background).
server_start() { exec prosody --config "$PROSODY_CONFIG" -F >"$1" 2>&1; }

server_running() { port_open "$E2E_HOST" "$E2E_C2S_PORT"; }

prosody_shell() { timeout --foreground 20 prosodyctl --config "$PROSODY_CONFIG" shell "$@"; }

# user_add NAME PASSWORD
user_add() {
    if server_running; then
        prosody_shell user create "$1@$E2E_DOMAIN" "$2" | grep -q "^OK"
    else
        prosodyctl --config "$PROSODY_CONFIG" register "$1" "$E2E_DOMAIN" "$2" >/dev/null
    fi
}

# user_passwd NAME PASSWORD
user_passwd() { prosody_shell user password "$1@$E2E_DOMAIN" "$2" | grep -q "^OK"; }

# user_remove NAME
user_remove() { prosody_shell user delete "$1@$E2E_DOMAIN" | grep -q "^OK"; }

# user_list: account names, one a line (node or full JID, as the server prints them).
user_list() { prosody_shell user list "$E2E_DOMAIN"; }
