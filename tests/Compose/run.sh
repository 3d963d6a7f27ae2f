#!/bin/bash
# The appliance from end to end, as an operator and its users meet it (issue 5):
#   build our images; `docker compose up -d` with a two-line snikket.conf (plus the ACME directory
#   pointed at a local pebble); wait for health; certificates issued by pebble reach nginx, the XMPP
#   server and coturn without a restart, and `snikket status` shows it; `snikket invite --admin` and a real client (slixmpp)
#   registering with it; a second account; a message between them (live) and one stored offline;
#   TURN credentials over XMPP and a relay allocated through coturn; a restart keeps every secret;
#   `snikket backup`; the stack and its volumes destroyed; `snikket restore`; accounts, the stored
#   message and the secrets are back.
# Each step prints PASS/FAIL; a failed step ends the run (later steps build on it). Last line:
# "N passed, N failed". Needs a Docker engine with the base images (.ci/run starts one), pebble,
# coturn's turnutils_uclient, go-sendxmpp, slixmpp, openssl, curl, and the ports the appliance
# uses on this host (80, 443, 5222, 5223, 3478, 5349, 5280, 5765) free.
#
#   bash tests/Compose/run.sh
# Env: SNIKKET_TEST_ARTIFACTS_PATH (msbuild artifacts), COMPOSE_KEEP=1 (leave the stack and the
# work directory for a look), COMPOSE_SKIP_BUILD=1 (use the snikket/* images already built).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../EndToEnd/lib.sh
source "$root/tests/EndToEnd/lib.sh"

project=snikkete2e
domain=chat.example.com
acme_port=14100
acme_management_port=15100
dns_port=8153
dns_management_port=8155
work=$(mktemp -d /tmp/snikket-compose-XXXXXX)
cli=$root/compose/app/publish/installer/snikket
passed=0
failed=0
# Steps run in subshells: background processes they start are listed here for the cleanup.
pidfile=$work/background.pids

export SNIKKET_CONFIG_FILE=$work/snikket.conf
compose=(docker compose)
docker compose version >/dev/null 2>&1 || compose=(docker-compose)
dc() { "${compose[@]}" -p "$project" -f "$work/docker-compose.yml" -f "$work/docker-compose.override.yml" "$@"; }
snikket() { timeout --foreground 600 "$cli" -c "$work/snikket.conf" -f "$work/docker-compose.yml" -p "$project" "$@"; }

cleanup() {
    if [[ ${COMPOSE_KEEP:-0} == 1 ]]; then
        echo "kept: the stack (project $project) and $work"
    else
        dc down --volumes --timeout 20 >/dev/null 2>&1
    fi
    [[ -f $pidfile ]] && xargs -r kill 2>/dev/null <"$pidfile"
    [[ ${COMPOSE_KEEP:-0} == 1 ]] || rm -rf "$work"
}
trap cleanup EXIT

# step NAME FUNCTION: runs one step, prints its verdict; a failure ends the run.
step() {
    local name=$1 started=$SECONDS out rc
    echo "--- $name"
    out=$("$2" 2>&1)
    rc=$?
    printf '%s\n' "$out" | sed 's/^/    /'
    if ((rc == 0)); then
        passed=$((passed + 1))
        echo "PASS $name ($((SECONDS - started))s)"
    else
        failed=$((failed + 1))
        echo "FAIL $name ($((SECONDS - started))s): $(grep '^E2E_REASON: ' <<<"$out" | tail -n1 | cut -c13-)"
        echo "    --- logs of every service (tail):"
        dc logs --no-color --tail 15 2>&1 | sed 's/^/    /'
        finish
    fi
}

finish() {
    echo "$passed passed, $failed failed"
    exit $((failed > 0))
}

# ---- steps ------------------------------------------------------------------------------------

prerequisites() {
    local missing=()
    curl -fsS --max-time 3 --unix-socket /var/run/docker.sock http://localhost/_ping >/dev/null 2>&1 \
        || missing+=("a Docker engine (bash ../shared/tools/docker-offline/start-dockerd.sh --images, or install docker.io)")
    "${compose[@]}" version >/dev/null 2>&1 || missing+=("docker compose or docker-compose")
    for tool in pebble pebble-challtestsrv turnutils_uclient go-sendxmpp openssl curl; do
        command -v "$tool" >/dev/null || missing+=("$tool (apt-get install ${tool%%-*}; .ci/run installs it)")
    done
    "$E2E_PYTHON" -c 'import slixmpp' 2>/dev/null || missing+=("slixmpp (apt-get install python3-slixmpp)")
    ((${#missing[@]} == 0)) || fail "missing: ${missing[*]}"
    local port busy=()
    for port in 80 443 5222 5223 3478 5349 5280 5765 "$acme_port" "$acme_management_port" "$dns_port" "$dns_management_port"; do
        port_open 127.0.0.1 "$port" && busy+=("$port")
    done
    ((${#busy[@]} == 0)) || fail "ports in use on this host: ${busy[*]} (the appliance runs with host networking)"
}

build_images() {
    if [[ ${COMPOSE_SKIP_BUILD:-0} == 1 ]]; then
        docker image inspect snikket/app:local snikket/proxy:local snikket/turn:local >/dev/null || fail "COMPOSE_SKIP_BUILD=1 but the images are not there"
        [[ -x $cli ]] || fail "COMPOSE_SKIP_BUILD=1 but $cli was not published"
        return 0
    fi
    SNIKKET_BUILD_ARTIFACTS=${SNIKKET_TEST_ARTIFACTS_PATH:-} bash "$root/compose/build-images.sh" || fail "compose/build-images.sh failed"
}

# pebble (RFC 8555 test CA) on loopback, validating http-01 on port 80 of the address its DNS,
# pebble-challtestsrv, gives every name: 127.0.0.1, where the appliance's nginx listens.
start_pebble() {
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=pebble \
        -addext "subjectAltName=IP:127.0.0.1" -keyout "$work/pebble.key" -out "$work/pebble.crt" 2>/dev/null \
        || fail "openssl could not make pebble's TLS certificate"
    cat >"$work/pebble.json" <<EOF
{"pebble": {"listenAddress": "127.0.0.1:$acme_port", "managementListenAddress": "127.0.0.1:$acme_management_port",
 "certificate": "$work/pebble.crt", "privateKey": "$work/pebble.key", "httpPort": 80, "tlsPort": 5001,
 "ocspResponderURL": "", "externalAccountBindingRequired": false}}
EOF
    setsid pebble-challtestsrv -defaultIPv4 127.0.0.1 -defaultIPv6 "" -dns01 "127.0.0.1:$dns_port" -http01 "" -https01 "" \
        -tlsalpn01 "" -management "127.0.0.1:$dns_management_port" >"$work/challtestsrv.log" 2>&1 &
    echo $! >>"$pidfile"
    PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 setsid pebble -config "$work/pebble.json" -dnsserver "127.0.0.1:$dns_port" \
        -strict=false >"$work/pebble.log" 2>&1 &
    echo $! >>"$pidfile"
    wait_port 127.0.0.1 "$acme_port" 20 || fail "pebble did not listen: $(tail -n 3 "$work/pebble.log")"
    curl -fsS --cacert "$work/pebble.crt" "https://127.0.0.1:$acme_management_port/roots/0" >"$work/pebble-root.pem" \
        || fail "pebble's root certificate could not be fetched"
}

# The operator's directory: the compose file, snikket.conf (two lines, and the test CA), and an
# override making the certificate service trust pebble's TLS certificate (compose and `snikket`
# both read docker-compose.override.yml).
write_install_directory() {
    cp "$root/compose/docker-compose.yml" "$work/"
    cp -r "$root/compose/proxy" "$root/compose/turn" "$work/"
    mkdir -p "$work/app" && cp "$root/compose/app/Dockerfile" "$root/compose/app/snikket-entrypoint" "$work/app/"
    printf 'SNIKKET_DOMAIN=%s\nSNIKKET_ADMIN_EMAIL=%s\nSNIKKET_TWEAK_ACME_DIRECTORY=%s\n' \
        "$domain" "admin@example.com" "https://127.0.0.1:$acme_port/dir" >"$work/snikket.conf"
    cat >"$work/docker-compose.override.yml" <<EOF
services:
  certs:
    environment:
      SSL_CERT_FILE: /etc/snikket-test/pebble.crt
    volumes:
      - $work/pebble.crt:/etc/snikket-test/pebble.crt:ro
EOF
}

compose_up() {
    start_pebble
    write_install_directory
    dc up -d --wait --wait-timeout 300 || fail "the stack did not become healthy in 300 s: $(dc ps 2>&1 | tail -n +3 | tr -s ' ' | tr '\n' ';')"
    dc ps
}

# served_by_pebble HOST PORT [STARTTLS]: the certificate presented verifies against pebble's root for $domain.
served_by_pebble() {
    local extra=()
    [[ -n ${3:-} ]] && extra=(-starttls "$3" -xmpphost "$domain")
    openssl s_client -connect "$1:$2" -servername "$domain" -verify_hostname "$domain" -CAfile "$work/pebble-root.pem" \
        -verify_return_error "${extra[@]}" </dev/null >"$work/s_client.log" 2>&1
}

# wait_until SECONDS WHAT COMMAND...: polls COMMAND once a second.
wait_until() {
    local deadline=$((SECONDS + $1)) what=$2
    shift 2
    until "$@"; do
        ((SECONDS < deadline)) || fail "$what"
        sleep 1
    done
}

certificates() {
    wait_until 120 "nginx never served a certificate from pebble: $(grep -m1 -i 'verify error\|error' "$work/s_client.log")" \
        served_by_pebble 127.0.0.1 443
    echo "nginx (443): $(openssl x509 -noout -issuer <"$work/s_client.log" 2>/dev/null || grep -m1 issuer "$work/s_client.log")"
    local status
    status=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1/invite/x/" -H "Host: $domain")
    [[ $status == "301 https://$domain/invite/x/" ]] || fail "port 80 answers '$status' once the certificate exists, not a redirect to HTTPS"
    status=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$work/pebble-root.pem" --resolve "$domain:443:127.0.0.1" "https://$domain/")
    [[ $status =~ ^(200|302)$ ]] || fail "the portal behind nginx answered $status"
    # The server and coturn started with the placeholder and were never restarted: they must
    # have picked the new files up (the server on its next handshake, coturn on SIGUSR2).
    wait_until 20 "the XMPP server (5223) does not present pebble's certificate" served_by_pebble 127.0.0.1 5223
    wait_until 20 "the XMPP server (5222, STARTTLS) does not present pebble's certificate" served_by_pebble 127.0.0.1 5222 xmpp
    wait_until 70 "coturn (5349) does not present pebble's certificate" served_by_pebble 127.0.0.1 5349
    echo "the XMPP server (5222, 5223) and coturn (5349) present the issued certificate without a restart"
}

# An operator's own reverse proxy on this host forwarding plain HTTP marked as HTTPS: nginx serves
# the portal instead of redirecting (which would loop), and only believes that from loopback.
behind_a_reverse_proxy() {
    local status
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $domain" -H 'X-Forwarded-Proto: https' http://127.0.0.1/)
    [[ $status =~ ^(200|302)$ ]] || fail "a request forwarded as HTTPS from loopback got $status, not the portal"
    local address
    address=$(ip -4 -o addr show scope global | awk '{print $4}' | cut -d/ -f1 | head -n1)
    if [[ -n $address ]]; then
        status=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $domain" -H 'X-Forwarded-Proto: https' "http://$address/")
        [[ $status == 301 ]] || fail "X-Forwarded-Proto from $address (not loopback) was believed: $status instead of the redirect"
        echo "forwarded HTTPS is believed from loopback (portal: $(curl -s -o /dev/null -w '%{http_code}' -H "Host: $domain" -H 'X-Forwarded-Proto: https' http://127.0.0.1/)) and not from $address (301)"
    else
        echo "forwarded HTTPS from loopback reaches the portal; no other address to test from"
    fi
}

status() {
    local out
    out=$(snikket status) || fail "snikket status says something is wrong: $out"
    echo "$out"
    grep -q "^certificate: Certificate for $domain, groups.$domain, share.$domain valid until" <<<"$out" \
        || fail "snikket status does not show the issued certificate"
}

secrets_digest() { dc exec -T server sh -c 'cd /snikket/secrets && sha256sum $(ls | sort)'; }

restart_keeps_secrets() {
    secrets_digest >"$work/secrets.before" || fail "could not read the secrets"
    echo "secrets: $(awk '{print $2}' "$work/secrets.before" | tr '\n' ' ')"
    grep -q ' turn$' "$work/secrets.before" || fail "no TURN secret was generated"
    local started=$SECONDS
    dc stop --timeout 40 >/dev/null 2>&1 || fail "compose stop failed"
    # docker stop sends SIGTERM to each service's first process: all must end by themselves, with 0.
    local unclean
    unclean=$(docker ps -a --filter "label=com.docker.compose.project=$project" --format '{{.Names}}' \
        | xargs docker inspect -f '{{.Name}} exited {{.State.ExitCode}}' | grep -v ' exited 0$')
    [[ -z $unclean ]] || fail "not every service stopped cleanly on SIGTERM: $unclean"
    echo "every service stopped cleanly on SIGTERM, in $((SECONDS - started)) s"
    dc up -d --wait --wait-timeout 300 >/dev/null 2>&1 || fail "the stack did not come back healthy"
    secrets_digest >"$work/secrets.after"
    diff "$work/secrets.before" "$work/secrets.after" || fail "a second start changed the secrets"
}

# register NAME PASSWORD [invite flags]: `snikket invite`, then slixmpp registers NAME with the token.
register() {
    local name=$1 password=$2 out token
    shift 2
    out=$(snikket invite --no-qr "$@") || fail "snikket invite $* failed: $out"
    echo "$out" | sed 's/preauth=[A-Za-z0-9_-]*/preauth=…/; s#/invite/[A-Za-z0-9_-]*#/invite/…#'
    token=$(sed -n 's/.*preauth=\([A-Za-z0-9_-]*\).*/\1/p' <<<"$out" | head -n1)
    [[ -n $token ]] || fail "snikket invite printed no token"
    slix_compose slixmpp_invite.py register-with-token --token "$token" --new-user "$name@$domain" --new-password "$password"
}

# slix_compose SCRIPT MODE [args]: a slixmpp script against the appliance, trusting pebble's root.
slix_compose() {
    local script=$1 mode=$2 out
    shift 2
    out=$(timeout --foreground 60 "$E2E_PYTHON" "$E2E_DIR/$script" "$mode" --host 127.0.0.1 --port 5222 --domain "$domain" \
        --cafile "$work/pebble-root.pem" --alice "alice@$domain" --alice-password "$alice_password" \
        --bob "bob@$domain" --bob-password "$bob_password" "$@" 2>&1)
    local rc=$?
    echo "$out"
    ((rc == 0)) || fail "$script $mode: $(grep '^FAIL: ' <<<"$out" | tail -n1 | cut -c7-)"
}

alice_password="alice-$(random_token)"
bob_password="bob-$(random_token)"
offline_text="while you were away $(random_token)"

accounts() {
    register alice "$alice_password" --admin
    register bob "$bob_password"
    local listed
    listed=$(dc exec -T server snikket-entrypoint user list | tr -d '\r' | sort | tr '\n' ' ')
    [[ $listed == *alice* && $listed == *bob* ]] || fail "user list shows '$listed'"
}

messages() {
    slix_compose slixmpp_exchange.py exchange
    # go-sendxmpp checks the certificate against the JID's domain, trusting only pebble's root.
    printf '%s\n' "$offline_text" | SSL_CERT_FILE=$work/pebble-root.pem SSL_CERT_DIR=/nonexistent \
        timeout --foreground 30 go-sendxmpp -j 127.0.0.1:5222 -u "alice@$domain" -p "$alice_password" "bob@$domain" \
        || fail "go-sendxmpp could not send the offline message"
    echo "alice sent bob (offline) '$offline_text'"
}

turn_relay() {
    local services host port user password
    services=$(slix_compose slixmpp_account.py account-turn) || fail "$services"
    echo "$services"
    read -r _ _ _ host port user password < <(grep '^SERVICE turn udp ' <<<"$services")
    [[ -n ${password:-} && $host == "$domain" ]] || fail "no turn/udp service for $domain with credentials"
    timeout --foreground 20 turnutils_uclient -u "$user" -w "$password" -p "$port" -e 192.0.2.1 -n 0 -c 127.0.0.1 \
        >"$work/uclient.log" 2>&1 || fail "no relay with the XEP-0215 credentials: $(tail -n 1 "$work/uclient.log")"
    if timeout --foreground 20 turnutils_uclient -u "$user" -w "$password" -p "$port" -e 169.254.169.254 -n 0 -c 127.0.0.1 \
        >"$work/uclient-denied.log" 2>&1; then
        fail "coturn relayed to 169.254.169.254"
    fi
    grep -q "403 (Forbidden IP)" "$work/uclient-denied.log" || fail "169.254.169.254 was not refused with 403"
    echo "coturn relays with XEP-0215 credentials and refuses 169.254.169.254"
}

backup() {
    snikket backup -o "$work/backup.tar" || fail "snikket backup failed"
    tar -tf "$work/backup.tar" | sort | tr '\n' ' '
    echo
}

destroy() {
    dc down --volumes --timeout 40 || fail "compose down failed"
    local left
    left=$(docker volume ls -q --filter "label=com.docker.compose.project=$project")
    [[ -z $left ]] || fail "volumes left after down --volumes: $left"
    echo "the stack and its volumes are gone"
}

restore() {
    snikket restore "$work/backup.tar" || fail "snikket restore failed"
    secrets_digest >"$work/secrets.restored"
    diff "$work/secrets.before" "$work/secrets.restored" || fail "the restored secrets differ"
}

data_back() {
    # bob's first login since the backup: the offline message must be delivered now.
    SSL_CERT_FILE=$work/pebble-root.pem SSL_CERT_DIR=/nonexistent timeout --foreground 20 \
        go-sendxmpp -j 127.0.0.1:5222 -u "bob@$domain" -p "$bob_password" -l >"$work/bob.out" 2>"$work/bob.err" </dev/null &
    local listener=$!
    wait_for_text "$work/bob.out" "alice@$domain: $offline_text" 15
    local found=$?
    kill "$listener" 2>/dev/null
    wait "$listener" 2>/dev/null
    cat "$work/bob.out"
    ((found == 0)) || fail "bob did not get alice's stored message after the restore: $(tail -n1 "$work/bob.err")"
    slix_compose slixmpp_exchange.py exchange
}

cd "$work" || exit 2
step prerequisites prerequisites
step images build_images
step compose-up-healthy compose_up
step acme-certificates certificates
step status status
step behind-a-reverse-proxy behind_a_reverse_proxy
step restart-keeps-secrets restart_keeps_secrets
step invite-and-register accounts
step messages messages
step turn-relay turn_relay
step backup backup
step destroy destroy
step restore restore
step accounts-and-messages-back data_back
finish
