# XEP-0401 user invitation with real clients: bob (a normal user) runs the ad-hoc command
# urn:xmpp:invite#invite with slixmpp's XEP-0050 plugin; a newcomer registers with the token from
# the invitation's uri (preauth + XEP-0077) and both rosters then hold the other with 'both'.
declare -F create_invite >/dev/null || { echo "E2E_NOTE: this server adapter has no invite command"; exit 0; }
slix_case contact-invite starttls --new-user "friend$(random_token | cut -c1-6)@$E2E_DOMAIN" --new-password "pw-$(random_token)"
