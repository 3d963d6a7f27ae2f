# go-sendxmpp over STARTTLS: bob listens, alice sends to bob's bare JID, bob prints it.
gsx_exchange starttls "$E2E_CASE_DIR"
