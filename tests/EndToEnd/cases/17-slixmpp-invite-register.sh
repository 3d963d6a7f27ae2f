# Onboarding with a real client: the operator's `invite` command makes an account invite; slixmpp
# sends its token before authenticating (XEP-0445 preauth), registers with its XEP-0077 plugin and
# logs in as the new account. Then the same token is used up: a second registration is refused.
declare -F create_invite >/dev/null || { echo "E2E_NOTE: this server adapter has no invite command"; exit 0; }
token=$(create_invite) || fail "the invite command failed"
[[ -n $token ]] || fail "the invite command printed no token"
name="newbie$(random_token | cut -c1-6)"
slix_case register-with-token starttls --token "$token" --new-user "$name@$E2E_DOMAIN" --new-password "pw-$(random_token)"
out=$(slix register-with-token starttls --token "$token" --new-user "second$name@$E2E_DOMAIN" --new-password "pw-$(random_token)" 2>&1)
echo "$out"
grep -q 'registration refused: preauth: forbidden, register: not-allowed' <<<"$out" || fail "a used token registered a second account"
user_list | grep -q "second$name" && fail "the second account exists"
exit 0
