# slixmpp's own plugins against the small XEPs: the caps stream feature's ver equals slixmpp's hash
# of the caps node's disco#info (XEP-0115), server time (XEP-0202) and uptime (XEP-0012), a vCard
# published and read by its owner and by another account (XEP-0054), bookmarks kept in private XML
# storage (XEP-0049).
slix_case account-data starttls
