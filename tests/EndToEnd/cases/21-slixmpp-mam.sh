# slixmpp's MAM plugin (XEP-0313) with RSM paging (XEP-0059): 25 messages sent to alice while she
# is offline are all in her archive, in order, over three pages, each with its own archive id; a
# filter by a stranger's JID finds nothing.
slix_case mam starttls
