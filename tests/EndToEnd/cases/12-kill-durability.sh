# The durability promise (XEP-0198 acks mean "committed"): xmpp.js floods bob (offline) with chat
# messages under stream management while a second server instance is killed with SIGKILL. After a
# restart on the same data, every message the server had acknowledged is in the recipient's archive
# exactly once, and comes out of the offline store at most once (offline storage keeps only the
# first 60 a minute from one sender, its flood limit; the sender was told about the rest).
[[ $E2E_SERVER == snikket ]] || { echo "E2E_NOTE: kill test runs against our server only"; exit 0; }

mapfile -t kill_ports < <(free_ports 5)
E2E_C2S_PORT=${kill_ports[0]} E2E_DIRECT_TLS_PORT=${kill_ports[1]} E2E_HTTP_PORT=${kill_ports[2]}
E2E_S2S_PORT=${kill_ports[3]} E2E_S2S_DIRECT_TLS_PORT=${kill_ports[4]}
export E2E_C2S_PORT E2E_DIRECT_TLS_PORT
SNIKKET_CONFIG=$E2E_CASE_DIR/snikket.conf
SNIKKET_DATA=$E2E_CASE_DIR/data
server_prepare || fail "could not write the second server's configuration"
user_add sender sender-password >/dev/null && user_add recipient recipient-password >/dev/null \
    || fail "could not create the accounts"

start_instance() {
    setsid bash -c 'source "$1"; source "$2"; SNIKKET_CONFIG=$3; server_start "$4"' kill-server \
        "$E2E_DIR/lib.sh" "$E2E_DIR/servers/snikket.sh" "$SNIKKET_CONFIG" "$E2E_CASE_DIR/server-$1.log" </dev/null >/dev/null 2>&1 &
    instance=$!
    wait_port "$E2E_HOST" "$E2E_C2S_PORT" 60 "$instance" || fail "the second server did not start ($1)"
}

start_instance first
cafile=$(server_certificate) || fail "no certificate"
acked=$E2E_CASE_DIR/acked.txt
: >"$acked"
NODE_EXTRA_CA_CERTS=$cafile node "$E2E_DIR/node/sm_flood.mjs" sender sender-password "recipient@$E2E_DOMAIN" "$acked" \
    >"$E2E_CASE_DIR/flood.log" 2>&1 &
flood=$!
for _ in $(seq 300); do
    (($(wc -l <"$acked") >= 300)) && break
    kill -0 "$flood" 2>/dev/null || fail "the flood ended early: $(tail -n1 "$E2E_CASE_DIR/flood.log")"
    sleep 0.1
done
(($(wc -l <"$acked") >= 300)) || fail "fewer than 300 messages acknowledged in 30 s"
server_pid=$(pgrep -f -- "--config $SNIKKET_CONFIG" | head -n1)
[[ -n $server_pid ]] || fail "cannot find the second server's process"
kill -KILL "$server_pid"
wait "$flood"
note "$(cat "$E2E_CASE_DIR/flood.log")"
wait "$instance" 2>/dev/null

start_instance second
NODE_EXTRA_CA_CERTS=$cafile timeout --foreground 60 node "$E2E_DIR/node/stored_bodies.mjs" recipient recipient-password \
    >"$E2E_CASE_DIR/stored.txt" || fail "could not read what the server stored: $(tail -n1 "$E2E_CASE_DIR/stored.txt")"
kill -TERM -- "-$instance" 2>/dev/null

problems=0
while read -r id; do
    n=${id#kill-}
    in_archive=$(grep -cx "archive kill test $n" "$E2E_CASE_DIR/stored.txt")
    in_offline=$(grep -cx "offline kill test $n" "$E2E_CASE_DIR/stored.txt")
    if ((in_archive != 1 || in_offline > 1)); then
        echo "message $n: acknowledged, but $in_archive times in the archive and $in_offline times offline"
        problems=$((problems + 1))
    fi
done <"$acked"
((problems == 0)) || fail "$problems acknowledged messages not stored exactly once"
offline_total=$(grep -c '^offline ' "$E2E_CASE_DIR/stored.txt")
((offline_total > 0)) || fail "nothing came out of offline storage"
echo "E2E_NOTE: $(wc -l <"$acked") acknowledged before SIGKILL, each archived exactly once; $offline_total delivered from offline storage, none twice"
