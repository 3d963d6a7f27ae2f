# slixmpp with a wrong password gets failed_auth (over direct TLS; go-sendxmpp covers STARTTLS).
slix_case wrong-password direct
