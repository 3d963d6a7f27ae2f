#!/bin/bash
# Runs the scenario scripts (tests/Snikket.Server.IntegrationTests/**/*.scs) against Debian's Prosody
# instead of our server, to check that what they expect is XMPP and not a quirk of ours.
#
#   bash tests/scenarios-against-prosody.sh [SCRIPT...]     e.g. Modules/Ping/ping.scs (default: all)
#
# Each script gets a fresh Prosody (own data directory, config and loopback port; STARTTLS with a
# certificate made here; the modules that match ours: roster, saslauth, tls, disco, ping, version,
# time, uptime, lastactivity, private, vcard, server_contact_info, carbons, offline, blocklist,
# csi_simple; no s2s),
# started here and stopped after the script.
# The scripts run through the normal test project (ScenarioTestsOnSqlite, with
# SNIKKET_SCENARIO_SERVER/_CERT/_ADD_USER pointing at Prosody; see Scenarios/ScenarioHost.cs);
# accounts are made with `prosodyctl register`. When a module is added here, enable its Prosody
# counterpart below if Debian's Prosody has one.
#
# Scripts in KNOWN_DIFFERENCES are expected to fail on Prosody at the line and for the reason given
# there: they print DIFF and count as passed while they fail at that line, and as failed when they
# fail elsewhere or pass ("now passes": take them off the list).
#
# Environment:
#   SNIKKET_TEST_ARTIFACTS_PATH  build/run from this artifacts directory (as tests/run-all.sh)
#   SCENARIO_SKIP_BUILD=1        do not build the test project first
#   SCENARIO_KEEP=1              keep the work directory (Prosody logs, test output)
# Prints "PASS|FAIL|DIFF script" per script and ends with "N passed, N failed".
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
project=tests/Snikket.Server.IntegrationTests

# Script -> "LINE why": the receive step where Prosody answers differently, and why.
declare -A KNOWN_DIFFERENCES=(
    # Legitimate differences.
    [Modules/Caps/caps.scs]="33 Prosody 0.12 does not list the caps feature in the server's disco#info (XEP-0115 9: MUST)"
    [Modules/Vcard/vcard.scs]="93 Prosody answers a missing vCard with item-not-found (XEP-0054 1.3.0 3.3: MUST be service-unavailable)"
    [Modules/Private/private.scs]="67 Prosody answers a get without a child with <bad-format/>, which is no RFC 6120 condition (XEP-0086: bad-request)"
    [Modules/Version/version.scs]="19 the software version names the server: Prosody, not Snikket"
    [Modules/Blocking/blocking.scs]="58 Prosody 0.12 drops a message from a blocked JID without an answer (XEP-0191 3.3: SHOULD be service-unavailable)"
    [Modules/Csi/csi.scs]="48 Prosody's csi_simple delivers every presence it held, not the latest per sender (what waits is the server's choice, XEP-0352 3.2)"
    [Modules/ExternalServices/external_services.scs]="51 Prosody 0.12's turn_external lists turns (TURN over TLS) without credentials, so a client cannot use it"
    [Routing/stream_errors.scs]="27 Prosody does not end the stream with invalid-from for a forged 'from' (RFC 6120 8.1.2.1 SHOULD)"
    # Prosody departs from RFC 6121 8.5.1 here: mod_ping answers a ping to any bare JID on the host.
    [Routing/no_such_account.scs]="32 Prosody answers a ping to an account that does not exist (RFC 6121 8.5.1: service-unavailable)"
)

for tool in prosody prosodyctl openssl /usr/bin/python3; do
    if ! command -v "$tool" >/dev/null; then
        echo "missing: $tool (apt-get install prosody openssl python3)"
        echo "0 passed, 1 failed"
        exit 1
    fi
done

props=()
[[ -n ${SNIKKET_TEST_ARTIFACTS_PATH:-} ]] && props+=("-p:ArtifactsPath=$SNIKKET_TEST_ARTIFACTS_PATH")

work=$(mktemp -d "${TMPDIR:-/tmp}/snikket-scenarios-prosody.XXXXXX")
chmod 755 "$work"
prosody_pid=""
stop_prosody() {
    if [[ -n $prosody_pid ]]; then
        kill "$prosody_pid" 2>/dev/null
        wait "$prosody_pid" 2>/dev/null
        prosody_pid=""
    fi
}
cleanup() {
    stop_prosody
    if [[ ${SCENARIO_KEEP:-0} == 1 ]]; then
        echo "kept: $work"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT

if [[ ${SCENARIO_SKIP_BUILD:-0} != 1 ]]; then
    if ! dotnet build "$project" -c Release --nologo -v quiet -tl:off "${props[@]}" >"$work/build.log" 2>&1; then
        cat "$work/build.log"
        echo "FAIL build (see above)"
        echo "0 passed, 1 failed"
        exit 1
    fi
fi

mkdir -p "$work/certs"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost" \
    -keyout "$work/certs/localhost.key" -out "$work/certs/localhost.crt" 2>/dev/null || { echo "openssl failed"; exit 1; }

# The runner calls this as `add-user LOCALPART PASSWORD`; the config of the current run comes from the environment.
cat >"$work/add-user" <<'SH'
#!/bin/bash
exec prosodyctl --config "$SCENARIO_PROSODY_CONFIG" register "$1" localhost "$2"
SH
chmod +x "$work/add-user"

free_port() {
    /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_port() {
    local deadline=$((SECONDS + 20))
    while ((SECONDS < deadline)); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        kill -0 "$prosody_pid" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

if (($# > 0)); then
    scripts=("$@")
else
    mapfile -t scripts < <(cd "$project" && find . -name '*.scs' -not -path './bin/*' -not -path './obj/*' | sed 's|^\./||' | sort)
fi

passed=0
failed=0
n=0
for script in "${scripts[@]}"; do
    n=$((n + 1))
    run="$work/run-$n"
    mkdir -p "$run/data"
    port=$(free_port)
    config="$run/prosody.cfg.lua"
    cat >"$config" <<CFG
-- Made by tests/scenarios-against-prosody.sh for $script.
run_as_root = true
pidfile = "$run/prosody.pid"
data_path = "$run/data"
interfaces = { "127.0.0.1" }
c2s_ports = { $port }
c2s_direct_tls_ports = {}
legacy_ssl_ports = {}
s2s_ports = {}
component_ports = {}
http_ports = {}
https_ports = {}
modules_enabled = { "roster"; "saslauth"; "tls"; "disco"; "ping"; "version"; "time"; "uptime"; "lastactivity"; "private"; "vcard"; "server_contact_info"; "carbons"; "mam"; "offline"; "blocklist"; "csi_simple"; "turn_external" }
modules_disabled = { "s2s"; "posix" }
hide_os_type = true -- as ours: version.scs requires that no <os/> is sent
contact_info = { admin = { "mailto:admin@localhost" } } -- as the test server's SNIKKET_ADMIN_EMAIL
-- XEP-0215 as ours: STUN/TURN on 3478 over UDP and TCP, TURNS on 5349, at the domain.
turn_external_host = "localhost"; turn_external_secret = "scenario-secret"; turn_external_tcp = true; turn_external_tls_port = 5349
authentication = "internal_hashed"
storage = "internal"
c2s_require_encryption = true
log = { { levels = { min = "info" }, to = "console" } }
certificates = "$work/certs"
VirtualHost "localhost"
  ssl = { certificate = "$work/certs/localhost.crt", key = "$work/certs/localhost.key" }
CFG
    prosody --config "$config" -F >"$run/prosody.log" 2>&1 &
    prosody_pid=$!
    if ! wait_port "$port"; then
        echo "FAIL $script (Prosody did not start; see $run/prosody.log)"
        cat "$run/prosody.log"
        failed=$((failed + 1))
        stop_prosody
        continue
    fi

    SNIKKET_SCENARIO_SERVER="127.0.0.1:$port" SNIKKET_SCENARIO_CERT="$work/certs/localhost.crt" \
        SNIKKET_SCENARIO_ADD_USER="$work/add-user" SCENARIO_PROSODY_CONFIG="$config" \
        dotnet test "$project" --no-build -c Release -tl:off "${props[@]}" \
        --filter "FullyQualifiedName~ScenarioTestsOnSqlite&DisplayName~$script" >"$run/test.log" 2>&1
    rc=$?
    stop_prosody
    if ! grep -qE 'Total: +1,' "$run/test.log"; then
        echo "FAIL $script (no such scenario ran; see below)"
        tail -n 20 "$run/test.log"
        failed=$((failed + 1))
    elif [[ -n ${KNOWN_DIFFERENCES[$script]:-} ]]; then
        known=${KNOWN_DIFFERENCES[$script]}
        line=${known%% *}
        if ((rc == 0)); then
            echo "FAIL $script (listed as a known difference, but now passes: remove it from KNOWN_DIFFERENCES)"
            failed=$((failed + 1))
        elif grep -q "^ *$script:$line: " "$run/test.log"; then
            echo "DIFF $script:$line (known: ${known#* })"
            passed=$((passed + 1))
        else
            echo "FAIL $script (a known difference at line $line, but it failed elsewhere)"
            sed -n '/Error Message:/,/Stack Trace:/p' "$run/test.log" | sed '/Stack Trace:/d; s/^/    /'
            failed=$((failed + 1))
        fi
    elif ((rc == 0)); then
        echo "PASS $script"
        passed=$((passed + 1))
    else
        echo "FAIL $script"
        sed -n '/Error Message:/,/Stack Trace:/p' "$run/test.log" | sed '/Stack Trace:/d; s/^/    /'
        failed=$((failed + 1))
    fi
done

echo "$passed passed, $failed failed"
((failed == 0))
