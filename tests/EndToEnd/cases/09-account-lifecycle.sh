# Accounts made, changed and removed with the server's own admin tool take effect for a real
# client: add -> listed and can log in; passwd -> old password refused, new one works;
# remove -> refused and no longer listed.
name="carol$(random_token | cut -c1-6)"
first="first-$(random_token)"
second="second-$(random_token)"

# login PASSWORD: 0 when go-sendxmpp authenticates as $name (it sends bob a line and exits).
login() {
    local out rc
    out=$(printf 'lifecycle check\n' | gsx 20 starttls "$name" "$1" "bob@$E2E_DOMAIN" 2>&1)
    rc=$?
    echo "login with ${1%%-*} password: exit $rc ${out:+($out)}"
    return $rc
}
listed() { user_list | grep -qE "(^|[^[:alnum:]])$name([^[:alnum:]]|$)"; }

user_add "$name" "$first" || fail "user add $name failed"
listed || fail "user list does not show $name after user add"
login "$first" || fail "a new account cannot log in"

user_passwd "$name" "$second" || fail "user passwd $name failed"
login "$first" && fail "the old password still works after user passwd"
login "$second" || fail "the new password does not work after user passwd"

user_remove "$name" || fail "user remove $name failed"
login "$second" && fail "a removed account can still log in"
listed && fail "user list still shows $name after user remove"
exit 0
