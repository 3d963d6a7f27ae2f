# The server's certificate names the domain, and a TLS client that trusts exactly that certificate
# (openssl s_client) completes both STARTTLS and direct TLS with ALPN xmpp-client (XEP-0368;
# the ALPN check is skipped for a server whose adapter says it does not negotiate ALPN).
[[ -n $E2E_CAFILE ]] || fail "no certificate found where the server keeps it"
openssl x509 -in "$E2E_CAFILE" -noout -subject -issuer -enddate -ext subjectAltName 2>&1
openssl x509 -in "$E2E_CAFILE" -noout -checkhost "$E2E_DOMAIN" | grep -q "does match" \
    || fail "certificate does not name $E2E_DOMAIN"
openssl x509 -in "$E2E_CAFILE" -noout -checkend 86400 >/dev/null || fail "certificate expires within a day"

out=$(timeout --foreground 20 openssl s_client -connect "$E2E_HOST:$E2E_C2S_PORT" -starttls xmpp -xmpphost "$E2E_DOMAIN" \
    -CAfile "$E2E_CAFILE" -verify_hostname "$E2E_DOMAIN" -verify_return_error </dev/null 2>&1)
grep -E "^(Protocol|Verify return code|New,)|Cipher is" <<<"$out" | sed 's/^/starttls: /'
grep -q "Verify return code: 0 (ok)" <<<"$out" || fail "STARTTLS handshake not verified: $(grep -m1 -iE 'error|verify' <<<"$out")"

out=$(timeout --foreground 20 openssl s_client -connect "$E2E_HOST:$E2E_DIRECT_TLS_PORT" -servername "$E2E_DOMAIN" -alpn xmpp-client \
    -CAfile "$E2E_CAFILE" -verify_hostname "$E2E_DOMAIN" -verify_return_error </dev/null 2>&1)
grep -E "^(Protocol|Verify return code|ALPN|New,)|Cipher is" <<<"$out" | sed 's/^/direct: /'
grep -q "Verify return code: 0 (ok)" <<<"$out" || fail "direct TLS handshake not verified: $(grep -m1 -iE 'error|verify' <<<"$out")"
if server_negotiates_alpn; then
    grep -q "ALPN protocol: xmpp-client" <<<"$out" || fail "direct TLS did not negotiate ALPN xmpp-client"
else
    echo "E2E_NOTE: ALPN not checked ($(server_name) does not negotiate it)"
fi
