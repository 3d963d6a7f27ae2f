# go-sendxmpp with a wrong password is refused at authentication (non-zero exit, auth error).
out=$(printf 'should not be sent\n' | gsx 20 starttls alice "wrong-$E2E_PASSWORD_ALICE" "bob@$E2E_DOMAIN" 2>&1)
rc=$?
echo "go-sendxmpp exited $rc: $out"
((rc != 124)) || fail "go-sendxmpp timed out"
((rc != 0)) || fail "go-sendxmpp logged in with a wrong password"
grep -qi "auth" <<<"$out" || fail "go-sendxmpp failed, but not at authentication: $out"
