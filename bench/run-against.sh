#!/usr/bin/env bash
# Runs the XMPP benchmark against a throwaway server on loopback.
#
#   bench/run-against.sh ours|prosody|ejabberd [snikket-bench run options...]
#
# Builds (Release), writes the server's configuration into a temporary directory (free loopback
# ports), provisions the accounts the run needs, then for each phase (idle, login, messages)
# starts the server, runs snikket-bench for that phase and stops the server, so that no phase
# measures a server that an earlier phase left with a bigger heap. Prints and (with --json FILE)
# writes the merged report, and removes the directory. The script sets --host, --port, --domain,
# --user-prefix, --password, --users, --server-pid and --label itself; pass anything else
# (--phases, sizes, --starttls, --mechanism, --json FILE, ...). See bench/README.md.
#
# Environment:
#   BENCH_ARTIFACTS=DIR      build output (default: <repo>/artifacts)
#   BENCH_SHARED_SERVER=1    run all phases against one server process instead
#   BENCH_KEEP=1             keep the temporary directory (server logs, configuration)
#   BENCH_NICE=N             niceness of the load generator (default -10 when allowed; 0 = unchanged)
#   BENCH_DATABASE_URL=URL   ours only: postgres://... instead of the embedded SQLite file
#   BENCH_POSTGRES=1         ours only: start a throwaway PostgreSQL cluster (Debian's postgresql
#                            package, default durability: fsync and synchronous_commit on) in the
#                            temporary directory and run ours on it; stopped and removed at the end
#   BENCH_POSTGRES_OPTIONS=S more server options for that cluster, e.g. "-c synchronous_commit=off"
#   BENCH_ROSTER=N, BENCH_ARCHIVE=M
#                            ours on SQLite only: every account gets N contacts (subscription both)
#                            and M archived messages before the run (bench/seed-account-data.py),
#                            to see whether an idle session's memory depends on them
set -euo pipefail

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
if [[ $# -lt 1 || ! $1 =~ ^(ours|prosody|ejabberd)$ ]]; then
    usage
    exit 2
fi
target=$1
shift

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
artifacts=${BENCH_ARTIFACTS:-$repo/artifacts}
domain=localhost
prefix=bench
password=bench-password-1
work=$(mktemp -d /tmp/snikket-bench.XXXXXX)
server_pid=
status_file=$work/failed

log() { printf '[run-against] %s\n' "$*" >&2; }

# The options the caller gave that this script also needs to read (last occurrence wins, as in the program).
phases=idle,login,messages
json_out=
starttls=false
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case ${args[i]} in
    --phases) phases=${args[i + 1]:-} ;;
    --json) json_out=${args[i + 1]:-} ;;
    --starttls) starttls=true ;;
    --plain) starttls=false ;;
    esac
done

stop_server() {
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
        log "stopping $target (pid $server_pid)"
        if [[ $target == ejabberd ]]; then
            "${ejabberd_ctl[@]}" stop >/dev/null 2>&1 || kill -TERM "$server_pid" 2>/dev/null || true
        else
            kill -TERM "$server_pid" 2>/dev/null || true
        fi
        for _ in $(seq 1 150); do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$server_pid" 2>/dev/null || true
    fi
    if [[ -n ${launcher_pid:-} ]]; then
        wait "$launcher_pid" 2>/dev/null || true
        launcher_pid=
    fi
    server_pid=
}

# CPU time (clock ticks) of the throwaway cluster's processes so far; empty without one.
pg_cpu_ticks() {
    local pid_file=$work/pg/data/postmaster.pid
    [[ -n ${pg_bin:-} && -r $pid_file ]] || return 0
    local postmaster pids total=0 pid fields
    postmaster=$(head -1 "$pid_file")
    pids=("$postmaster" $(pgrep -P "$postmaster"))
    for pid in "${pids[@]}"; do
        # utime and stime are fields 14 and 15; the name (field 2) has no spaces for postgres.
        read -r -a fields <"/proc/$pid/stat" 2>/dev/null || continue
        total=$((total + fields[13] + fields[14]))
    done
    echo "$total"
}

stop_postgres() {
    if [[ -n ${pg_bin:-} && -d $work/pg ]]; then
        "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
}

# A throwaway cluster like the one the integration tests start, but with PostgreSQL's default
# durability: the archive writer's commit then waits for a real WAL flush, as in production.
start_postgres() {
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [[ -n $pg_bin ]] || { log "PostgreSQL is not installed (apt-get install postgresql)"; exit 1; }
    pg_as=()
    mkdir -p "$work/pg"
    if [[ $(id -u) == 0 ]]; then
        # initdb and pg_ctl refuse to run as root.
        chown postgres: "$work/pg"
        chmod 755 "$work"
        pg_as=(setpriv --reuid=postgres --regid=postgres --init-groups)
    fi
    local pg_port
    pg_port=$("${bench[@]}" free-port)
    "${pg_as[@]}" "$pg_bin/initdb" -D "$work/pg/data" -U snikket --auth=trust -E UTF8 >"$work/pg-init.log" 2>&1 \
        || { cat "$work/pg-init.log" >&2; exit 1; }
    "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$work/pg -c max_connections=200 ${BENCH_POSTGRES_OPTIONS:-}" start >/dev/null \
        || { tail -20 "$work/pg/server.log" >&2; exit 1; }
    "${pg_as[@]}" "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U snikket snikket
    BENCH_DATABASE_URL="postgres://snikket@127.0.0.1:$pg_port/snikket"
    log "PostgreSQL $(basename "$(dirname "$pg_bin")") on port $pg_port (defaults: fsync on, synchronous_commit on${BENCH_POSTGRES_OPTIONS:+; $BENCH_POSTGRES_OPTIONS})"
}

cleanup() {
    local status=$?
    stop_server
    stop_postgres
    # Erlang's port mapper daemon outlives the node it was started for; stop it if no node is left.
    if [[ $target == ejabberd ]] && command -v epmd >/dev/null && ! epmd -names 2>/dev/null | grep -q '^name '; then
        epmd -kill >/dev/null 2>&1 || true
    fi
    if [[ ${BENCH_KEEP:-0} == 1 || $status -ne 0 || -e $status_file ]]; then
        log "kept $work (server logs and configuration)"
    else
        rm -rf "$work"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Both the server and the load generator may hold up to ~18,000 sockets.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

log "building the benchmark (Release)"
dotnet build "$repo/bench/Snikket.Bench" -c Release -p:ArtifactsPath="$artifacts" -nologo -v quiet >"$work/build-bench.log" 2>&1 \
    || { cat "$work/build-bench.log" >&2; exit 1; }
bench=(dotnet "$artifacts/bin/Snikket.Bench/release/snikket-bench.dll")
"${bench[@]}" self-test >"$work/self-test.log" 2>&1 || { cat "$work/self-test.log" >&2; exit 1; }
# The load generator runs at a higher priority than the server (when we may raise it), so that its
# pacer and read loops are not left waiting for a time slice behind a busy server: then a late
# message is the server's doing. BENCH_NICE=0 turns this off.
bench_run=("${bench[@]}")
if [[ ${BENCH_NICE:--10} != 0 ]] && nice -n "${BENCH_NICE:--10}" true 2>/dev/null; then
    bench_run=(nice -n "${BENCH_NICE:--10}" "${bench[@]}")
fi

users=$("${bench[@]}" users-needed "$@")
port=$("${bench[@]}" free-port)

wait_for_port() {
    local deadline=$((SECONDS + ${2:-120}))
    until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
        if ((SECONDS > deadline)); then
            log "the server did not open port $1 in time"
            return 1
        fi
        if [[ -n $server_pid ]] && ! kill -0 "$server_pid" 2>/dev/null; then
            log "the server exited during start-up"
            return 1
        fi
        sleep 0.2
    done
}

make_certificate() {
    openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj "/CN=$domain" \
        -addext "subjectAltName=DNS:$domain" -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
}

# --- per-target preparation (configuration, offline provisioning) and start ---

prepare_ours() {
    if [[ ${BENCH_POSTGRES:-0} == 1 ]]; then
        start_postgres
    fi
    log "building the server (Release)"
    dotnet build "$repo/server/Snikket.Server" -c Release -p:ArtifactsPath="$artifacts" -nologo -v quiet >"$work/build-server.log" 2>&1 \
        || { cat "$work/build-server.log" >&2; exit 1; }
    server=(dotnet "$artifacts/bin/Snikket.Server/release/snikket-server.dll")
    local tls_port http_port
    tls_port=$("${bench[@]}" free-port)
    http_port=$("${bench[@]}" free-port)
    cat >"$work/snikket.conf" <<EOF
SNIKKET_DOMAIN=$domain
SNIKKET_ADMIN_EMAIL=admin@$domain
SNIKKET_TWEAK_DATA_DIR=$work/data
SNIKKET_TWEAK_C2S_PORT=$port
SNIKKET_TWEAK_C2S_DIRECT_TLS_PORT=$tls_port
SNIKKET_TWEAK_INTERNAL_HTTP_PORT=$http_port
# The XMPP server alone is measured: no embedded web portal.
SNIKKET_TWEAK_PORTAL_EMBEDDED=0
SNIKKET_LOGLEVEL=warn
EOF
    if [[ $starttls == false ]]; then
        echo "SNIKKET_TWEAK_C2S_REQUIRE_ENCRYPTION=false" >>"$work/snikket.conf"
    fi
    if [[ -n ${BENCH_DATABASE_URL:-} ]]; then
        echo "SNIKKET_TWEAK_DATABASE_URL=$BENCH_DATABASE_URL" >>"$work/snikket.conf"
    fi
    mkdir -p "$work/data"
    log "provisioning $users accounts (user add, 1000 names a call)"
    local first last i names
    for ((first = 1; first <= users; first += 1000)); do
        last=$((first + 999 > users ? users : first + 999))
        names=()
        for ((i = first; i <= last; i++)); do names+=("$prefix$i"); done
        printf '%s\n' "$password" | "${server[@]}" user add "${names[@]}" --password-stdin --config "$work/snikket.conf" \
            >>"$work/provision.log" 2>&1 || { tail -20 "$work/provision.log" >&2; exit 1; }
    done
    if [[ -n ${BENCH_ROSTER:-}${BENCH_ARCHIVE:-} ]]; then
        [[ -z ${BENCH_DATABASE_URL:-} ]] || { log "BENCH_ROSTER/BENCH_ARCHIVE seed the SQLite file only"; exit 2; }
        log "seeding rosters (${BENCH_ROSTER:-0} contacts) and archives (${BENCH_ARCHIVE:-0} messages) per account"
        /usr/bin/python3 "$repo/bench/seed-account-data.py" "$work/data/snikket.sqlite" "$prefix" "$users" \
            "${BENCH_ROSTER:-0}" "${BENCH_ARCHIVE:-0}" >>"$work/provision.log"
    fi
}

start_ours() {
    "${server[@]}" run --config "$work/snikket.conf" >>"$work/server.log" 2>&1 &
    server_pid=$!
    wait_for_port "$port" || { tail -30 "$work/server.log" >&2; return 1; }
}

prepare_prosody() {
    command -v prosody >/dev/null || { log "prosody is not installed (apt-get install prosody)"; exit 1; }
    make_certificate
    cat >"$work/prosody.cfg.lua" <<EOF
-- Throwaway Prosody for benchmarking: loopback only, no s2s, no HTTP, no rate limits.
prosody_user = "$(id -un)"
run_as_root = true
daemonize = false
-- A deeper accept queue than the default 128, so bursts of logins are not refused.
network_settings = { tcp_backlog = 1024 }
pidfile = "$work/prosody.pid"
data_path = "$work/data"
certificates = "$work"
log = { warn = "$work/prosody.log" }
admins = { }
modules_enabled = { "roster"; "saslauth"; "tls"; "disco"; "ping"; "version"; "posix" }
modules_disabled = { "s2s" }
interfaces = { "127.0.0.1" }
c2s_ports = { $port }
c2s_direct_tls_ports = { }
legacy_ssl_ports = { }
s2s_ports = { }
http_ports = { }
https_ports = { }
c2s_require_encryption = $starttls
allow_registration = false
authentication = "internal_hashed"
storage = "internal"
ssl = { certificate = "$work/cert.pem"; key = "$work/key.pem" }
VirtualHost "$domain"
EOF
    log "provisioning $users accounts (account files)"
    "${bench[@]}" provision-prosody --data "$work/data" --domain "$domain" --user-prefix "$prefix" \
        --users "$users" --password "$password" >&2
}

start_prosody() {
    rm -f "$work/prosody.pid"
    prosody --config "$work/prosody.cfg.lua" -F >>"$work/prosody.stdout" 2>&1 &
    server_pid=$!
    wait_for_port "$port" || { tail -30 "$work/prosody.stdout" "$work/prosody.log" >&2; return 1; }
    # The pid Prosody writes is its Lua process (the one holding the sockets).
    if [[ -s $work/prosody.pid ]]; then server_pid=$(cat "$work/prosody.pid"); fi
}

prepare_ejabberd() {
    command -v ejabberdctl >/dev/null || { log "ejabberd is not installed (apt-get install ejabberd)"; exit 1; }
    make_certificate
    mkdir -p "$work/ejabberd/db" "$work/ejabberd/log"
    cat "$work/cert.pem" "$work/key.pem" >"$work/ejabberd/server.pem"
    node="bench$$@localhost"
    cat >"$work/ejabberd/ejabberd.yml" <<EOF
# Throwaway ejabberd for benchmarking: loopback only, no s2s, no HTTP, no shapers.
hosts: ["$domain"]
loglevel: warning
certfiles: ["$work/ejabberd/server.pem"]
auth_method: internal
auth_password_format: scram
auth_scram_hash: sha
registration_timeout: infinity
listen:
  - port: $port
    ip: "127.0.0.1"
    module: ejabberd_c2s
    starttls: true
    starttls_required: $starttls
    max_stanza_size: 262144
    backlog: 1024
access_rules:
  register:
    allow: all
modules:
  mod_disco: {}
  mod_ping: {}
  mod_roster: {}
  mod_version: {}
  mod_register:
    access: register
EOF
    cat >"$work/ejabberd/ejabberdctl.cfg" <<EOF
POLL=true
ERL_MAX_PORTS=32000
ERL_PROCESSES=250000
ERLANG_NODE=$node
EJABBERD_PID_PATH=$work/ejabberd/ejabberd.pid
EOF
    # ejabberdctl run as root switches to the ejabberd user with su, whose PAM limits cut open files
    # to 1,024: switch ourselves with setpriv, which keeps this shell's limit. The Erlang cookie goes
    # into the throwaway directory (HOME).
    local as_user=()
    if [[ $(id -u) == 0 ]]; then
        chown -R ejabberd: "$work/ejabberd"
        chmod 755 "$work"
        as_user=(setpriv --reuid=ejabberd --regid=ejabberd --init-groups)
    fi
    ejabberd_ctl=(env HOME="$work/ejabberd" "${as_user[@]}" ejabberdctl --config-dir "$work/ejabberd" --config "$work/ejabberd/ejabberd.yml"
        --ctl-config "$work/ejabberd/ejabberdctl.cfg" --spool "$work/ejabberd/db" --logs "$work/ejabberd/log")
    # Accounts live in its Mnesia database: register them over XMPP on a first start.
    start_ejabberd
    log "provisioning $users accounts (in-band registration, XEP-0077)"
    local tls=()
    if [[ $starttls == true ]]; then tls=(--starttls); fi
    "${bench[@]}" register --port "$port" --domain "$domain" --user-prefix "$prefix" --users "$users" \
        --password "$password" "${tls[@]}" >&2
    stop_server
}

start_ejabberd() {
    "${ejabberd_ctl[@]}" foreground >>"$work/ejabberd.stdout" 2>&1 &
    launcher_pid=$!
    server_pid=$launcher_pid
    wait_for_port "$port" || { tail -30 "$work/ejabberd.stdout" >&2; return 1; }
    # The Erlang VM holds the sockets: measure it, not the shell wrapper.
    local beam
    beam=$(pgrep -n -f -- "-sname $node" || true)
    if [[ -n $beam ]]; then server_pid=$beam; fi
}

"prepare_$target"

run_phases() { # PHASES JSON-FILE [run options...]
    local which=$1 json=$2 rc=0
    shift 2
    "start_$target"
    log "running the benchmark ($which) against $target (pid $server_pid, $users accounts)"
    local pg_before
    pg_before=$(pg_cpu_ticks)
    "${bench_run[@]}" run --host 127.0.0.1 --port "$port" --domain "$domain" --user-prefix "$prefix" \
        --password "$password" --users "$users" --server-pid "$server_pid" --label "$target" "$@" \
        --phases "$which" --json "$json" || rc=$?
    if [[ -n $pg_before ]]; then
        # The database's CPU is not in the server's figures (another process), but shares the cores.
        log "PostgreSQL used $(awk -v t=$(($(pg_cpu_ticks) - pg_before)) -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }') s of CPU during the $which phase"
    fi
    stop_server
    if [[ $rc -ne 0 ]]; then touch "$status_file"; fi
}

set -- "${args[@]}"
reports=()
if [[ ${BENCH_SHARED_SERVER:-0} == 1 ]]; then
    run_phases "$phases" "$work/report-all.json" "$@"
    reports+=("$work/report-all.json")
else
    IFS=, read -r -a phase_list <<<"$phases"
    for phase in "${phase_list[@]}"; do
        run_phases "$phase" "$work/report-$phase.json" "$@"
        reports+=("$work/report-$phase.json")
    done
fi

echo
echo "################ merged report ################"
rc=0
"${bench[@]}" merge-reports "${json_out:-$work/report.json}" "${reports[@]}" || rc=$?
if [[ -n $json_out ]]; then log "JSON report: $json_out"; fi
exit "$rc"
