# slixmpp without TLS on the STARTTLS port: no SASL mechanism offered, no session.
slix_case plaintext starttls
