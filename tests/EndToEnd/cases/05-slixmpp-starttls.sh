# slixmpp over STARTTLS: disco#info and XEP-0199 ping to the server, then alice -> bob (bare JID).
slix_case exchange starttls
