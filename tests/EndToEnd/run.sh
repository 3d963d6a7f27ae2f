#!/bin/bash
# End-to-end tier: real third-party XMPP clients (go-sendxmpp, slixmpp, openssl s_client) against a
# real server started here on loopback.
#
#   bash tests/EndToEnd/run.sh [CASE...]      run every case (or the named ones)
#
# Environment:
#   E2E_SERVER=snikket|prosody  server under test (default snikket: server/Snikket.Server; prosody
#                               is Debian's Prosody, the reference the cases were first proven on)
#   E2E_SKIP_BUILD=1            do not build the server (tests/run-all.sh has built it already)
#   E2E_CASE_TIMEOUT=SECONDS    bound for each case (default 90)
#   E2E_START_TIMEOUT=SECONDS   how long the server may take to listen (default 60)
#   E2E_KEEP=1                  keep the work directory (logs, data) for inspection
#   SNIKKET_TEST_ARTIFACTS_PATH where the server was built (-p:ArtifactsPath), default ./artifacts
#
# Prints "PASS name" or "FAIL name (reason)" per case and ends with "N passed, N failed".
# Each case runs in its own process group under `timeout`; everything started here is stopped on
# exit, however the script ends.
set -uo pipefail

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
E2E_REPO=$(cd "$E2E_DIR/../.." && pwd)
export E2E_DIR E2E_REPO
export E2E_SERVER=${E2E_SERVER:-snikket}
CASE_TIMEOUT=${E2E_CASE_TIMEOUT:-90}
START_TIMEOUT=${E2E_START_TIMEOUT:-60}

# shellcheck source=lib.sh
source "$E2E_DIR/lib.sh"

adapter="$E2E_DIR/servers/$E2E_SERVER.sh"
if [[ ! -f $adapter ]]; then
    echo "E2E_SERVER=$E2E_SERVER: no adapter $adapter (use snikket or prosody)" >&2
    exit 2
fi

if [[ ! -d $E2E_DIR/node/node_modules ]] && command -v npm >/dev/null; then
    # The xmpp.js clients come from the npm registry, pinned by package-lock.json.
    npm ci --prefix "$E2E_DIR/node" --no-audit --no-fund --loglevel=error >/dev/null || echo "e2e: npm ci failed" >&2
fi

mapfile -t missing < <(missing_clients)
if ((${#missing[@]} > 0)); then
    printf 'e2e: missing: %s\n' "${missing[@]}"
    echo "FAIL prerequisites (clients missing; see above)"
    echo "0 passed, 1 failed"
    exit 1
fi

E2E_WORK=$(mktemp -d "${TMPDIR:-/tmp}/snikket-e2e.XXXXXX")
chmod 755 "$E2E_WORK"
export E2E_WORK
export E2E_HOST=127.0.0.1 E2E_DOMAIN=localhost
export E2E_PASSWORD_ALICE="alice-$(random_token)" E2E_PASSWORD_BOB="bob-$(random_token)"
mapfile -t ports < <(free_ports 8)
export E2E_C2S_PORT=${ports[0]} E2E_DIRECT_TLS_PORT=${ports[1]} E2E_HTTP_PORT=${ports[2]}
export E2E_S2S_PORT=${ports[3]} E2E_S2S_DIRECT_TLS_PORT=${ports[4]}
export E2E_TURN_PORT=${ports[6]} E2E_TURN_TLS_PORT=${ports[7]}
export E2E_CAFILE=""

# shellcheck source=servers/snikket.sh
source "$adapter"

server_pid=""
case_pid=""
passed=0
failed=0
failures=()

stop_group() {
    # stop_group PID: TERM the process group PID leads, then KILL what is left after 5 s.
    local pid=$1
    [[ -n $pid ]] || return 0
    kill -TERM -- "-$pid" 2>/dev/null || return 0
    local i
    for i in $(seq 50); do
        kill -0 -- "-$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL -- "-$pid" 2>/dev/null
}

cleanup() {
    local rc=$?
    stop_group "$case_pid"
    stop_group "$server_pid"
    if [[ ${E2E_KEEP:-0} == 1 ]]; then
        echo "e2e: work directory kept: $E2E_WORK"
    else
        rm -rf "$E2E_WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

record() {
    # record NAME OK(0|1) SECONDS [REASON-or-NOTE] [LOG]
    local name=$1 ok=$2 took=$3 text=${4:-} log=${5:-}
    if [[ $ok == 0 ]]; then
        passed=$((passed + 1))
        echo "PASS $name (${took}s${text:+; $text})"
    else
        failed=$((failed + 1))
        failures+=("$name")
        echo "FAIL $name (${text:-failed})"
        if [[ -n $log && -s $log ]]; then
            tail -n 25 "$log" | sed 's/^/    | /'
        fi
    fi
}

elapsed() { # elapsed START_NS
    local now
    now=$(date +%s%N)
    awk -v a="$1" -v b="$now" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'
}

# ---- the cases to run ---------------------------------------------------------------------
mapfile -t all_cases < <(find "$E2E_DIR/cases" -maxdepth 1 -name '*.sh' | sort)
cases=()
if (($# > 0)); then
    for want in "$@"; do
        found=""
        for c in "${all_cases[@]}"; do
            n=$(basename "$c" .sh)
            [[ $n == "$want" || ${n#*-} == "$want" ]] && found=$c
        done
        [[ -n $found ]] || { echo "no such case: $want" >&2; exit 2; }
        cases+=("$found")
    done
else
    cases=("${all_cases[@]}")
fi

echo "e2e: server $E2E_SERVER, ${#cases[@]} cases, c2s $E2E_HOST:$E2E_C2S_PORT, direct TLS $E2E_HOST:$E2E_DIRECT_TLS_PORT"

# ---- server --------------------------------------------------------------------------------
start_ns=$(date +%s%N)
server_log="$E2E_WORK/server.log"
setup_log="$E2E_WORK/server-setup.log"
server_problem=""
{
    server_check_tools || server_problem="required tools missing"
    if [[ -z $server_problem ]]; then
        server_build || server_problem="build failed"
    fi
    if [[ -z $server_problem ]]; then
        server_prepare || server_problem="could not prepare the server's configuration"
    fi
    if [[ -z $server_problem ]]; then
        user_add alice "$E2E_PASSWORD_ALICE" && user_add bob "$E2E_PASSWORD_BOB" \
            || server_problem="could not create the test accounts"
    fi
} >"$setup_log" 2>&1

if [[ -z $server_problem ]]; then
    # setsid: the server leads its own process group, so cleanup stops it and all it started.
    setsid bash -c 'source "$1"; source "$2"; server_start "$3"' e2e-server \
        "$E2E_DIR/lib.sh" "$adapter" "$server_log" </dev/null >/dev/null 2>&1 &
    server_pid=$!
    if wait_port "$E2E_HOST" "$E2E_C2S_PORT" "$START_TIMEOUT" "$server_pid" \
        && wait_port "$E2E_HOST" "$E2E_DIRECT_TLS_PORT" 10 "$server_pid"; then
        E2E_CAFILE=$(server_certificate || true)
        if [[ -n $E2E_CAFILE ]]; then
            note_text="$(server_name); trusting $E2E_CAFILE"
        else
            note_text="$(server_name); no certificate found, clients skip verification"
        fi
        export E2E_CAFILE
    elif kill -0 "$server_pid" 2>/dev/null; then
        server_problem="still running, but c2s $E2E_C2S_PORT / direct TLS $E2E_DIRECT_TLS_PORT not both accepting connections within ${START_TIMEOUT}s"
    else
        wait "$server_pid"
        server_problem="server exited with code $? during start-up"
        [[ -s $server_log ]] || server_problem+=", printing nothing"
        server_pid=""
    fi
fi

if [[ -z $server_problem ]]; then
    record server-start 0 "$(elapsed "$start_ns")" "$note_text"
else
    cat "$setup_log" >>"$server_log" 2>/dev/null
    record server-start 1 "$(elapsed "$start_ns")" "$server_problem" "$server_log"
fi

# ---- cases ---------------------------------------------------------------------------------
server_died_reported=no
for c in "${cases[@]}"; do
    name=$(basename "$c" .sh)
    name=${name#[0-9][0-9]-}
    if [[ -n $server_problem ]]; then
        record "$name" 1 0 "server not running"
        continue
    fi
    export E2E_CASE_DIR="$E2E_WORK/cases/$name"
    mkdir -p "$E2E_CASE_DIR"
    log="$E2E_CASE_DIR/output.log"
    start_ns=$(date +%s%N)
    setsid timeout -k 5 "$CASE_TIMEOUT" bash -c 'source "$1"; source "$2"; source "$3"' "e2e-$name" \
        "$E2E_DIR/lib.sh" "$adapter" "$c" </dev/null >"$log" 2>&1 &
    case_pid=$!
    wait "$case_pid"
    rc=$?
    stop_group "$case_pid" # anything the case left behind
    case_pid=""
    took=$(elapsed "$start_ns")
    if ((rc == 0)); then
        record "$name" 0 "$took" "$(sed -n 's/^E2E_NOTE: //p' "$log" | paste -sd ';' -)"
    else
        reason=$(sed -n 's/^E2E_REASON: //p' "$log" | tail -n1)
        ((rc == 124 || rc == 137)) && reason="timed out after ${CASE_TIMEOUT}s"
        record "$name" 1 "$took" "${reason:-exit $rc}" "$log"
    fi
    if [[ $server_died_reported == no ]] && ! kill -0 "$server_pid" 2>/dev/null; then
        echo "e2e: the server is no longer running (it exited during $name)"
        server_died_reported=yes
    fi
done

if ((failed > 0)); then
    echo "e2e: failed: ${failures[*]}"
    if [[ -s $server_log ]]; then
        echo "e2e: last lines of the server log ($server_log):"
        tail -n 60 "$server_log" | sed 's/^/    | /'
    fi
fi
echo "$passed passed, $failed failed"
((failed == 0))
