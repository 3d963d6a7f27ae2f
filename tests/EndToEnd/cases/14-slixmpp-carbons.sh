# slixmpp's Message Carbons plugin (XEP-0280): a second resource gets <received/> and <sent/>
# copies of its account's chat messages.
slix_case carbons starttls
