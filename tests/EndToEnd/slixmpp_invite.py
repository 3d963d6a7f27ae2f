#!/usr/bin/python3
"""End-to-end checks of invite-based onboarding with slixmpp (Debian's python3-slixmpp 1.8.3).

Run with /usr/bin/python3. Takes the same connection arguments as slixmpp_exchange.py.

Modes:
  register-with-token  a new client connects, sends the XEP-0445 preauth IQ with --token before
                       authenticating, registers --new-user with slixmpp's XEP-0077 plugin, then
                       logs in as the new account.
  contact-invite       bob runs the XEP-0401 ad-hoc command urn:xmpp:invite#invite with slixmpp's
                       XEP-0050 plugin and reads the token from the invitation's uri; a new client
                       registers --new-user with it as above; afterwards both rosters hold the
                       other with subscription 'both'.
  bad-token            a new client sends a forged token: preauth is refused, and registration
                       without a valid token is refused too.
"""

import argparse
import asyncio
import xml.etree.ElementTree as ET

import slixmpp
from slixmpp.exceptions import IqError, IqTimeout

from slixmpp_exchange import Failure, STEP_TIMEOUT, connect, log_in, make_client, outcome_events, parse_common_arguments, run, wait

PARS = "urn:xmpp:pars:0"


async def step(what, coroutine):
    try:
        return await asyncio.wait_for(coroutine, STEP_TIMEOUT)
    except IqError as e:
        raise Failure(f"{what}: error {e.condition} ({e.etype})") from None
    except (IqTimeout, asyncio.TimeoutError):
        raise Failure(f"{what}: timed out") from None


def registering_client(jid, password, token, args, loop, errors):
    """A client that, before authenticating, sends the preauth token and registers its own JID."""
    client = make_client(jid, password, args)
    client.register_plugin("xep_0077")
    client["xep_0077"].force_registration = False
    # COMPAT: slixmpp 1.8.3 holds back every stanza but bind until the session starts, which
    # keeps its own XEP-0077 plugin from registering before authentication ("NOT SENT").
    client._always_send_everything = True
    registered = loop.create_future()

    async def on_register(form):
        try:
            preauth = client.Iq()
            preauth["type"] = "set"
            preauth.append(ET.fromstring(f"<preauth xmlns='{PARS}' token='{token}'/>"))
            await preauth.send(timeout=STEP_TIMEOUT)
        except IqError as e:
            errors.append(f"preauth: {e.condition}")
        try:
            iq = client.Iq()
            iq["type"] = "set"
            iq["register"]["username"] = slixmpp.JID(jid).user
            iq["register"]["password"] = password
            await iq.send(timeout=STEP_TIMEOUT)
            registered.done() or registered.set_result(True)
        except IqError as e:
            errors.append(f"register: {e.condition}")
            registered.done() or registered.set_result(False)
            client.disconnect()

    client.add_event_handler("register", on_register)
    return client, registered


async def register_and_log_in(args, loop, token):
    errors = []
    client, registered = registering_client(args.new_user, args.new_password, token, args, loop, errors)
    outcome = outcome_events(client, loop)
    connect(client, args)
    if not await wait(registered, f"{args.new_user} to register"):
        raise Failure(f"registration refused: {', '.join(errors)}")
    result = await wait(outcome, f"{args.new_user} to log in after registering")
    if result != "session_start":
        raise Failure(f"{args.new_user} registered but did not log in: {result}")
    print(f"registered and logged in as {client.boundjid}")
    return client


async def register_with_token(args, loop):
    client = await register_and_log_in(args, loop, args.token)
    client.disconnect()


async def roster_item(client, jid):
    roster = await step("roster get", client.get_roster())
    items = roster["roster"]["items"]
    return items.get(slixmpp.JID(jid))


async def contact_invite(args, loop):
    bob = await log_in(args.bob, args.bob_password, args, loop)
    bob.register_plugin("xep_0004")
    bob.register_plugin("xep_0050")
    result = await step("urn:xmpp:invite#invite", bob["xep_0050"].send_command(slixmpp.JID(args.domain), "urn:xmpp:invite#invite"))
    command = result["command"]
    if command["status"] != "completed":
        raise Failure(f"the invite command ended '{command['status']}'")
    uri = command["form"].get_values().get("uri", "")
    if "?roster;preauth=" not in uri or not uri.startswith(f"xmpp:{args.bob}"):
        raise Failure(f"unexpected invitation uri {uri!r}")
    token = uri.split("preauth=")[1].split(";")[0]
    print(f"bob's invitation: {uri.split('preauth=')[0]}preauth=…")
    newcomer = await register_and_log_in(args, loop, token)
    item = await roster_item(newcomer, args.bob)
    if item is None or item["subscription"] != "both":
        raise Failure(f"the newcomer's roster has bob as {item and item['subscription']!r}, expected 'both'")
    item = await roster_item(bob, args.new_user)
    if item is None or item["subscription"] != "both":
        raise Failure(f"bob's roster has the newcomer as {item and item['subscription']!r}, expected 'both'")
    print("mutual subscription: both rosters say 'both'")
    newcomer.disconnect()
    bob.disconnect()


async def bad_token(args, loop):
    errors = []
    client, registered = registering_client(args.new_user, args.new_password, "A" * 32, args, loop, errors)
    outcome_events(client, loop)
    connect(client, args)
    if await wait(registered, "the registration attempt"):
        raise Failure("a forged token registered an account")
    if errors != ["preauth: forbidden", "register: not-allowed"]:
        raise Failure(f"unexpected refusals: {errors}")
    print(f"refused as expected: {errors}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["register-with-token", "contact-invite", "bad-token"])
    parser.add_argument("--token", default="")
    parser.add_argument("--new-user", required=True)
    parser.add_argument("--new-password", required=True)
    args = parse_common_arguments(parser)
    return run({"register-with-token": register_with_token, "contact-invite": contact_invite, "bad-token": bad_token}[args.mode], args)


if __name__ == "__main__":
    raise SystemExit(main())
