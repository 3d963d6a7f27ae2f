# go-sendxmpp over direct TLS (-t, XEP-0368): bob listens, alice sends, bob prints it.
gsx_exchange direct "$E2E_CASE_DIR"
