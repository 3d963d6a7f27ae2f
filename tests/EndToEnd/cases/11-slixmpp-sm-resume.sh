# slixmpp with stream management (XEP-0198): a cut connection is resumed, not replaced, and the
# message sent while the client was away arrives; the one before the cut arrives once.
slix_case sm-resume starttls
