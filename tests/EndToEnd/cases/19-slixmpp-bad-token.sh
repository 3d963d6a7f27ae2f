# A forged invite token: slixmpp's preauth is refused (forbidden) and so is the registration after
# it (not-allowed: registration is by invitation only); no account appears.
name="mallory$(random_token | cut -c1-6)"
slix_case bad-token starttls --new-user "$name@$E2E_DOMAIN" --new-password "pw-$(random_token)"
user_list | grep -q "$name" && fail "an account was created with a forged token"
exit 0
