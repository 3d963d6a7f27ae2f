# slixmpp: rosters fetched, alice subscribes to bob's presence and bob approves (RFC 6121 §3);
# both rosters show the subscription, alice sees bob online, a fresh login gets the same roster.
slix_case roster-subscription starttls
