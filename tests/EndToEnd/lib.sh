# Helpers shared by tests/EndToEnd/run.sh and the cases in tests/EndToEnd/cases/.
# Sourced, not run. Cases get the server's coordinates from E2E_* variables that run.sh exports.
# Inside a case, bound commands with `timeout --foreground`: plain timeout moves itself into a
# process group of its own, out of reach of run.sh's sweep of the case's group.
# shellcheck shell=bash

E2E_DIR=${E2E_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
E2E_PYTHON=${E2E_PYTHON:-/usr/bin/python3}   # Debian's python3-slixmpp lives here, not in pyenv.

# missing_clients: prints what the clients need and is missing (with the Debian package to install).
missing_clients() {
    command -v go-sendxmpp >/dev/null || echo "go-sendxmpp (apt-get install go-sendxmpp)"
    "$E2E_PYTHON" -c 'import slixmpp' 2>/dev/null || echo "slixmpp for $E2E_PYTHON (apt-get install python3-slixmpp)"
    command -v openssl >/dev/null || echo "openssl (apt-get install openssl)"
    command -v node >/dev/null || echo "node (apt-get install nodejs npm)"
    [[ -f $E2E_DIR/node/node_modules/@xmpp/client/package.json ]] || echo "@xmpp/client (npm ci --prefix tests/EndToEnd/node)"
    command -v setsid >/dev/null || echo "setsid (apt-get install util-linux)"
    command -v timeout >/dev/null || echo "timeout (apt-get install coreutils)"
}

# fail REASON: ends a case with a one-line reason (run.sh shows it in the FAIL line).
fail() {
    echo "E2E_REASON: $*"
    exit 1
}

note() {
    echo "--- $*"
}

random_token() {
    od -An -N8 -tx1 /dev/urandom | tr -d ' \n'
}

# free_ports N: N distinct loopback ports free at this moment, one a line.
free_ports() {
    "$E2E_PYTHON" - "$1" <<'EOF'
import socket, sys
held = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    held.append(s)
print("\n".join(str(s.getsockname()[1]) for s in held))
for s in held:
    s.close()
EOF
}

port_open() {
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# wait_port HOST PORT SECONDS [PID]: waits until HOST:PORT accepts connections; fails early if PID exits.
wait_port() {
    local host=$1 port=$2 seconds=$3 pid=${4:-} deadline=$((SECONDS + $3))
    while ((SECONDS < deadline)); do
        port_open "$host" "$port" && return 0
        if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
            return 2
        fi
        sleep 0.2
    done
    return 1
}

# wait_for_text FILE TEXT SECONDS: waits until FILE contains TEXT (fixed string).
wait_for_text() {
    local file=$1 text=$2 deadline=$((SECONDS + $3))
    while ((SECONDS < deadline)); do
        grep -qF -- "$text" "$file" 2>/dev/null && return 0
        sleep 0.1
    done
    grep -qF -- "$text" "$file" 2>/dev/null
}

# ---- go-sendxmpp (flags are explained in go-sendxmpp.sh) --------------------------------------

# gsx SECONDS MODE(starttls|direct) USER PASSWORD [go-sendxmpp args...]
gsx() {
    local seconds=$1
    shift
    timeout --foreground "$seconds" "$E2E_DIR/go-sendxmpp.sh" "$@"
}

# gsx_exchange MODE DIR: bob listens, alice sends a random message to bob's bare JID, and bob's
# output must show it, from alice.
gsx_exchange() {
    local mode=$1 dir=$2 token
    token="hello-$(random_token)"
    # Not through the gsx function: $! must be timeout's own pid so that kill reaches it.
    timeout --foreground 40 "$E2E_DIR/go-sendxmpp.sh" "$mode" bob "$E2E_PASSWORD_BOB" -l -d \
        >"$dir/bob.out" 2>"$dir/bob.debug" </dev/null &
    local listener=$!
    # go-sendxmpp prints the XML it receives with -d: the bind result names bob's full JID, and
    # it sends its available presence right after binding.
    local deadline=$((SECONDS + 15))
    until grep -qF "bob@$E2E_DOMAIN/" "$dir/bob.debug" 2>/dev/null; do
        if ! kill -0 "$listener" 2>/dev/null || ((SECONDS >= deadline)); then
            kill "$listener" 2>/dev/null
            note "bob's go-sendxmpp stderr:"
            tail -c 2000 "$dir/bob.debug"
            fail "bob's listener did not bind a resource"
        fi
        sleep 0.1
    done
    sleep 0.5

    local expected="alice@$E2E_DOMAIN: $token" sends=0 arrived=no
    while ((sends < 2)); do
        sends=$((sends + 1))
        if ! printf '%s\n' "$token" | gsx 20 "$mode" alice "$E2E_PASSWORD_ALICE" "bob@$E2E_DOMAIN" 2>"$dir/alice.err"; then
            kill "$listener" 2>/dev/null
            cat "$dir/alice.err"
            fail "alice's go-sendxmpp failed: $(tail -n1 "$dir/alice.err")"
        fi
        if wait_for_text "$dir/bob.out" "$expected" 5; then
            arrived=yes
            break
        fi
        note "not there after 5 s; sending once more"
    done
    kill "$listener" 2>/dev/null
    wait "$listener" 2>/dev/null
    if [[ $arrived != yes ]]; then
        note "bob's output:"
        cat "$dir/bob.out"
        note "bob's XML (tail):"
        tail -c 3000 "$dir/bob.debug"
        fail "bob did not receive '$token' from alice"
    fi
    note "bob received: $(grep -F -- "$token" "$dir/bob.out")"
    if ((sends > 1)); then
        echo "E2E_NOTE: arrived only after a resend"
    fi
}

# ---- slixmpp ----------------------------------------------------------------------------------
slix() {
    # slix MODE TRANSPORT(starttls|direct) [more args]; the mode picks the script:
    # slixmpp_mobile.py for the mobile features (sm-resume, carbons, blocking, mam), slixmpp_account.py for the small
    # account and server XEPs (account-data), slixmpp_roster.py for rosters and subscriptions
    # (roster-*), slixmpp_invite.py for invites (register-with-token, contact-invite, bad-token),
    # slixmpp_exchange.py for the rest.
    local mode=$1 transport=$2 script=slixmpp_exchange.py
    [[ $mode == sm-* || $mode == carbons || $mode == blocking || $mode == mam ]] && script=slixmpp_mobile.py
    [[ $mode == register-with-token || $mode == contact-invite || $mode == bad-token ]] && script=slixmpp_invite.py
    [[ $mode == account-* ]] && script=slixmpp_account.py
    [[ $mode == roster-* ]] && script=slixmpp_roster.py
    shift 2
    # No --host: slixmpp connects to the domain by name (resolving to E2E_HOST, 127.0.0.1), so
    # that it sends SNI and checks the certificate's host name as it would in the field.
    local args=(--domain "$E2E_DOMAIN"
        --alice "alice@$E2E_DOMAIN" --alice-password "$E2E_PASSWORD_ALICE"
        --bob "bob@$E2E_DOMAIN" --bob-password "$E2E_PASSWORD_BOB")
    if [[ $transport == direct ]]; then
        args+=(--direct-tls --port "$E2E_DIRECT_TLS_PORT")
    else
        args+=(--port "$E2E_C2S_PORT")
    fi
    if [[ -n ${E2E_CAFILE:-} ]]; then
        args+=(--cafile "$E2E_CAFILE")
    else
        args+=(--no-verify)
    fi
    timeout --foreground 60 "$E2E_PYTHON" "$E2E_DIR/$script" "$mode" "${args[@]}" "$@"
}

slix_case() {
    local out rc
    out=$(slix "$@" 2>&1)
    rc=$?
    echo "$out"
    if ((rc != 0)); then
        local reason
        reason=$(grep '^FAIL: ' <<<"$out" | tail -n1)
        [[ -n $reason ]] || reason="slixmpp_exchange.py exited $rc: $(tail -n1 <<<"$out")"
        if ((rc == 124)); then reason="slixmpp_exchange.py timed out"; fi
        fail "${reason#FAIL: }"
    fi
}
