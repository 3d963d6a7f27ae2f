#!/usr/bin/python3
"""End-to-end checks of the roster and presence subscriptions (RFC 6121) with slixmpp.

Run with /usr/bin/python3. Takes the same connection arguments as slixmpp_exchange.py.

Modes:
  roster-subscription  alice and bob fetch their rosters and go online; alice asks to see bob's
                       presence and bob approves (his client asks nothing of slixmpp's automatic
                       answers: it approves by hand). alice's roster must then show bob with
                       subscription 'to', bob's must show alice with 'from', alice must see bob
                       online, and a fresh login of alice must get the same roster from the
                       server. Both remove each other at the end, so later cases find the
                       accounts as they were.
"""

import argparse
import asyncio

import slixmpp
from slixmpp.exceptions import IqError, IqTimeout

from slixmpp_exchange import Failure, log_in, parse_common_arguments, run, wait


async def online(jid, password, args, loop):
    """Logs in, fetches the roster (becoming an interested resource) and sends initial presence."""
    client = await log_in(jid, password, args, loop)
    # Answers to subscription requests are this script's, not slixmpp's automatic ones.
    client.auto_authorize = None
    client.auto_subscribe = False
    try:
        await client.get_roster(timeout=10)
    except (IqError, IqTimeout) as e:
        raise Failure(f"{jid} could not fetch its roster: {e}") from None
    client.send_presence()
    return client


async def roster_subscription(args, loop):
    alice_jid = slixmpp.JID(args.alice)
    bob_jid = slixmpp.JID(args.bob)
    requests = []
    alice = await online(args.alice, args.alice_password, args, loop)
    bob = await online(args.bob, args.bob_password, args, loop)
    clients = [alice, bob]
    try:
        bob.add_event_handler("presence_subscribe", lambda p: requests.append(p["from"].bare))

        alice.send_presence(pto=bob_jid.bare, ptype="subscribe")
        await wait_for(lambda: alice_jid.bare in requests, "bob to get alice's subscription request")
        await wait_for(lambda: bob_jid.bare in alice.client_roster
                       and alice.client_roster[bob_jid.bare]["pending_out"],
                       "a roster push showing alice's request pending")
        print(f"bob got a subscription request from {requests[0]}")

        bob.send_presence(pto=alice_jid.bare, ptype="subscribed")
        await wait_for(lambda: alice.client_roster[bob_jid.bare]["subscription"] == "to",
                       "alice's roster to show bob with subscription 'to'")
        await wait_for(lambda: alice_jid.bare in bob.client_roster
                       and bob.client_roster[alice_jid.bare]["subscription"] == "from",
                       "bob's roster to show alice with subscription 'from'")
        await wait_for(lambda: len(alice.client_roster[bob_jid.bare].resources) > 0,
                       "alice to see bob online")
        print(f"alice sees {bob_jid.bare} online: {sorted(alice.client_roster[bob_jid.bare].resources)}")

        fresh = await log_in(args.alice + "/fresh", args.alice_password, args, loop)
        clients.append(fresh)
        try:
            result = await fresh.get_roster(timeout=10)
        except (IqError, IqTimeout) as e:
            raise Failure(f"a fresh login could not fetch alice's roster: {e}") from None
        items = result["roster"]["items"]
        if bob_jid.bare not in items or items[bob_jid.bare]["subscription"] != "to":
            raise Failure(f"the roster of a fresh login does not show bob with 'to': {items}")
        print(f"a fresh login gets the roster: {bob_jid.bare} subscription {items[bob_jid.bare]['subscription']}")

        # Clean up: each removes the other (RFC 6121 §2.5), which also ends the subscription.
        for client, contact in ((alice, bob_jid.bare), (bob, alice_jid.bare)):
            try:
                await client.del_roster_item(contact)
            except (IqError, IqTimeout) as e:
                raise Failure(f"removing {contact} failed: {e}") from None
        await wait_for(lambda: bob_jid.bare not in alice.client_roster
                       or alice.client_roster[bob_jid.bare]["subscription"] in ("none", "remove"),
                       "the removal to reach alice's roster")
        print("both removed each other")
    finally:
        for client in clients:
            client.disconnect(wait=1.0)
        await asyncio.sleep(0.2)


async def wait_for(condition, what):
    async def poll():
        while not condition():
            await asyncio.sleep(0.05)

    await wait(asyncio.ensure_future(poll()), what)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["roster-subscription"])
    args = parse_common_arguments(parser)
    return run({"roster-subscription": roster_subscription}[args.mode], args)


if __name__ == "__main__":
    raise SystemExit(main())
