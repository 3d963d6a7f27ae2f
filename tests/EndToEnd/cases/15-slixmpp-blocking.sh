# slixmpp's blocking plugin (XEP-0191) with an older-form spam report (XEP-0377): push, refusals
# both ways, unblock.
slix_case blocking starttls
