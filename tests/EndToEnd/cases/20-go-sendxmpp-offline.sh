# Offline delivery (XEP-0160) with go-sendxmpp: alice writes to bob while bob has no session; when
# bob's listener logs in and sends its presence, the stored message arrives, exactly once, and a
# second login finds nothing waiting. go-sendxmpp hangs up right after sending, without waiting
# for anything: the message must be routed all the same (it once was dropped unread).
token="offline-$(random_token)"
dir=$E2E_CASE_DIR

if ! printf '%s\n' "$token" | gsx 20 starttls alice "$E2E_PASSWORD_ALICE" "bob@$E2E_DOMAIN" 2>"$dir/alice.err"; then
    cat "$dir/alice.err"
    fail "alice's go-sendxmpp failed: $(tail -n1 "$dir/alice.err")"
fi

listen_once() {
    # listen_once OUT SECONDS: bob listens for SECONDS, printing what arrives into OUT and the
    # XML it received into OUT.debug.
    timeout --foreground "$2" "$E2E_DIR/go-sendxmpp.sh" starttls bob "$E2E_PASSWORD_BOB" -l -d \
        >"$1" 2>"$1.debug" </dev/null
}

listen_once "$dir/bob-first.out" 8
if ! grep -qF "alice@$E2E_DOMAIN: $token" "$dir/bob-first.out"; then
    note "bob's first login printed:"
    cat "$dir/bob-first.out"
    note "the XML bob received (tail):"
    tail -c 3000 "$dir/bob-first.out.debug"
    fail "the message alice sent while bob was offline did not arrive at bob's next login"
fi
copies=$(grep -cF -- "$token" "$dir/bob-first.out")
((copies == 1)) || fail "the stored message arrived $copies times at one login"
note "bob's first login received: $(grep -F -- "$token" "$dir/bob-first.out")"

listen_once "$dir/bob-second.out" 5
if grep -qF -- "$token" "$dir/bob-second.out"; then
    fail "the stored message was delivered again at bob's second login"
fi
note "bob's second login found nothing waiting"
