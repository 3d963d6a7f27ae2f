# TURN from end to end, with nobody's code but the server's in between: slixmpp fetches the
# STUN/TURN services and credentials over XMPP (XEP-0215), Debian's coturn runs on the
# configuration our server wrote into its data directory, and coturn's own client
# (turnutils_uclient) allocates a relay with those credentials. A relay to a public address is
# set up; one to the cloud metadata address is refused (403 Forbidden IP); a wrong password
# gets no allocation. Only the loopback addresses and the TLS port (no setting; 5349 may be
# taken) are added on coturn's command line.
[[ $E2E_SERVER == snikket ]] || { echo "E2E_NOTE: coturn's configuration comes from our server only"; exit 0; }
command -v turnserver >/dev/null && command -v turnutils_uclient >/dev/null \
    || fail "coturn is not installed (apt-get install coturn; .ci/run installs it)"
conf="$SNIKKET_DATA/turn/turnserver.conf"
[[ -f $conf ]] || fail "the server wrote no TURN configuration at $conf"

services=$(slix account-turn starttls 2>&1) || fail "slixmpp could not get the services: $(tail -n1 <<<"$services")"
echo "$services"
read -r _ _ _ host port user password < <(grep '^SERVICE turn udp ' <<<"$services")
[[ -n ${password:-} ]] || fail "no turn/udp service with credentials among: $(grep -c '^SERVICE' <<<"$services") services"
[[ $host == "$E2E_DOMAIN" && $port == "$E2E_TURN_PORT" ]] \
    || fail "turn/udp advertised at $host:$port, but the server is $E2E_DOMAIN with SNIKKET_TWEAK_TURNSERVER_PORT=$E2E_TURN_PORT"

turnserver -c "$conf" --listening-ip "$E2E_HOST" --relay-ip "$E2E_HOST" --tls-listening-port "$E2E_TURN_TLS_PORT" \
    --pidfile "$E2E_CASE_DIR/turnserver.pid" >"$E2E_CASE_DIR/coturn.log" 2>&1 &
coturn=$!
wait_port "$E2E_HOST" "$port" 10 "$coturn" || fail "coturn did not listen on $port within 10 s: $(tail -n 3 "$E2E_CASE_DIR/coturn.log")"

# uclient NAME PASSWORD PEER: one allocation, a channel to PEER, no data (-n 0: packets to a peer
# that does not answer would make it wait 15 s for them).
uclient() {
    timeout --foreground 20 turnutils_uclient -u "$user" -w "$2" -p "$port" -e "$3" -n 0 -c "$E2E_HOST" \
        >"$E2E_CASE_DIR/uclient-$1.log" 2>&1
}

uclient public "$password" 192.0.2.1 \
    || fail "a relay to 192.0.2.1 with the server's credentials failed: $(tail -n 1 "$E2E_CASE_DIR/uclient-public.log")"
if uclient metadata "$password" 169.254.169.254; then
    fail "coturn relayed to 169.254.169.254 (the cloud metadata address)"
fi
grep -q "403 (Forbidden IP)" "$E2E_CASE_DIR/uclient-metadata.log" \
    || fail "a relay to 169.254.169.254 failed, but not with 403 Forbidden IP: $(tail -n 1 "$E2E_CASE_DIR/uclient-metadata.log")"
if uclient wrong "not-$password" 192.0.2.1; then
    fail "coturn accepted a wrong password"
fi
grep -q "Cannot complete Allocation" "$E2E_CASE_DIR/uclient-wrong.log" \
    || fail "a wrong password failed, but not at the allocation: $(tail -n 1 "$E2E_CASE_DIR/uclient-wrong.log")"
echo "E2E_NOTE: coturn relays with XEP-0215 credentials, refuses 169.254.169.254 and a wrong password"
