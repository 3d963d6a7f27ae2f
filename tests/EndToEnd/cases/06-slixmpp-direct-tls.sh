# slixmpp over direct TLS (XEP-0368; slixmpp 1.8.3 sends no ALPN): the same exchange.
slix_case exchange direct
