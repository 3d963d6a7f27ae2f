# xmpp.js (@xmpp/client) with stream management: alice's connection is cut without closing the
# stream, bob writes to her meanwhile, and her client resumes the same session and gets the message
# exactly once (XEP-0198 §5).
NODE_EXTRA_CA_CERTS=$E2E_CAFILE timeout --foreground 60 node "$E2E_DIR/node/sm_resume.mjs" \
    alice "$E2E_PASSWORD_ALICE" bob "$E2E_PASSWORD_BOB" || fail "$(tail -n1 "$E2E_CASE_DIR/output.log")"
